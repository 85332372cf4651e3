/** The plain-text answers of the webhook endpoints, as the original sent them. */
export function plainText(status: number, body: string, headers: Record<string, string> = {}): Response {
  return new Response(body, { status, headers: { 'Content-Type': 'text/plain', ...headers } });
}

export const answers = {
  ok: () => plainText(200, 'OK\n'),
  noPayload: () => plainText(400, 'No payload'),
  invalidJson: () => plainText(400, 'Invalid JSON'),
  invalidSignature: () => plainText(401, 'Invalid signature'),
  notFound: () => plainText(404, 'Not Found'),
  methodNotAllowed: (allow: string) => plainText(405, 'Method Not Allowed', { Allow: allow }),
  invalidPayload: () => plainText(409, 'Invalid payload'),
  tooLarge: () => plainText(413, 'Payload Too Large', { Connection: 'close' }),
  serverError: () => plainText(500, 'Internal Server Error'),
  /** An endpoint's `rate_limit` is used up: the sender may try again in `seconds`. */
  tooManyRequests: (seconds: number) => plainText(429, 'Too Many Requests', { 'Retry-After': String(seconds) }),
};
