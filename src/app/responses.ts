/** What a plain answer was built from, so the request id can be added without reading `response.headers`. */
interface PlainAnswer {
  readonly status: number;
  readonly body: string;
  readonly headers: Record<string, string>;
}

// kept on the Response itself: a WeakMap's entries kept every answer alive through the young
// generation's collections (old tables holding young keys)
const PLAIN = Symbol('plainAnswer');
const STAMPED = Symbol('requestId');
type Marked = Response & { [PLAIN]?: PlainAnswer; [STAMPED]?: true };

/** The plain-text answers of the webhook endpoints, as the original sent them. */
export function plainText(status: number, body: string, headers: Record<string, string> = {}): Response {
  const answer: PlainAnswer = { status, body, headers: { 'Content-Type': 'text/plain', ...headers } };
  const response: Marked = new Response(body, answer);
  response[PLAIN] = answer;
  return response;
}

/**
 * The answer with its `X-Request-Id` header. A plain answer is built again with the header among
 * its own: reading `response.headers` would make @hono/node-server turn its light Response into a
 * full one (a third of the cost of a 404). Others get the header set; a fetched Response's headers
 * are immutable, so it is answered as a copy.
 */
export function withRequestId(response: Response, id: string): Response {
  const answer: Marked = stampedCopy(response, id);
  answer[STAMPED] = true;
  return answer;
}

/** Whether `withRequestId` made this answer. */
export function hasRequestId(response: Response): boolean {
  return (response as Marked)[STAMPED] === true;
}

function stampedCopy(response: Response, id: string): Response {
  const plain = (response as Marked)[PLAIN];
  if (plain) {
    // each plain answer has headers of its own: the id joins them
    plain.headers['X-Request-Id'] = id;
    return new Response(plain.body, plain);
  }
  try {
    response.headers.set('X-Request-Id', id);
    return response;
  } catch {
    const copy = new Response(response.body, response);
    copy.headers.set('X-Request-Id', id);
    return copy;
  }
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
