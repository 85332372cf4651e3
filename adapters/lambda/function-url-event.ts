/**
 * Lambda Function URL events (payload format 2.0, the shape API Gateway HTTP APIs send) to a Web
 * Request and a Response back to the result Lambda expects. Written here rather than taken from
 * `hono/aws-lambda` (deprecated, to leave hono in v5), which also rewrites non-ASCII header values.
 */

/** The parts of a payload 2.0 event we read. */
export interface FunctionUrlEvent {
  readonly version?: string;
  readonly rawPath: string;
  readonly rawQueryString?: string;
  readonly cookies?: readonly string[];
  /** Lower-case names; repeated headers arrive joined by commas. */
  readonly headers?: Record<string, string | undefined>;
  readonly body?: string | null;
  readonly isBase64Encoded?: boolean;
  readonly requestContext: {
    readonly domainName?: string;
    readonly http: { readonly method: string; readonly path?: string; readonly sourceIp?: string };
  };
}

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  cookies?: string[];
  body: string;
  isBase64Encoded: boolean;
}

export function isFunctionUrlEvent(event: unknown): event is FunctionUrlEvent {
  if (typeof event !== 'object' || event === null) return false;
  const candidate = event as Partial<FunctionUrlEvent>;
  return typeof candidate.rawPath === 'string' && typeof candidate.requestContext?.http?.method === 'string';
}

const encoder = new TextEncoder();

export function toRequest(event: FunctionUrlEvent): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(event.headers ?? {})) {
    if (value !== undefined) headers.set(name, asByteString(value));
  }
  // a Function URL moves Cookie headers out into `cookies`
  if (event.cookies?.length) headers.set('cookie', asByteString(event.cookies.join('; ')));
  const method = event.requestContext.http.method.toUpperCase();
  const host = event.requestContext.domainName ?? headers.get('host') ?? 'localhost';
  const query = event.rawQueryString ? `?${event.rawQueryString}` : '';
  const url = `${headers.get('x-forwarded-proto') === 'http' ? 'http' : 'https'}://${host}${event.rawPath}${query}`;
  let body: Uint8Array | undefined;
  if (event.body && method !== 'GET' && method !== 'HEAD') {
    // base64 bodies decode to the exact bytes sent, so signatures verify over them
    body = event.isBase64Encoded ? Uint8Array.from(Buffer.from(event.body, 'base64')) : encoder.encode(event.body);
    headers.set('content-length', String(body.byteLength));
  }
  return new Request(url, { method, headers, body: body as BodyInit | undefined });
}

const TEXT_TYPE = /^(?:text\/|application\/(?:json|[^;\s]+\+json|xml|[^;\s]+\+xml|javascript)\s*(?:;|$))/i;

export async function toResult(response: Response): Promise<FunctionUrlResult> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  const bytes = new Uint8Array(await response.arrayBuffer());
  const contentType = response.headers.get('content-type') ?? '';
  const isText = bytes.byteLength === 0 || TEXT_TYPE.test(contentType);
  return {
    statusCode: response.status,
    headers,
    ...(cookies.length > 0 ? { cookies } : {}),
    body: isText ? new TextDecoder().decode(bytes) : Buffer.from(bytes).toString('base64'),
    isBase64Encoded: !isText,
  };
}

/**
 * Header values are byte strings. Node's HTTP server hands non-ASCII bytes over as Latin-1
 * characters; a Function URL gives them decoded as UTF-8, so they are turned back into
 * the same Latin-1 form the Node server would produce.
 */
function asByteString(value: string): string {
  if (!/[^\u0000-\u00ff]/.test(value)) return value;
  return Buffer.from(value, 'utf8').toString('latin1');
}
