/**
 * The `http` action's transport, the same on every runtime: redirects are followed here, hop by
 * hop, instead of by the platform's fetch (which would send every configured header, API keys and
 * `webhook-*` signatures included, to whatever origin a redirect names), and the answer is read
 * up to a size cap.
 */
import { readStreamCapped } from '../request/read-stream-capped.js';
import type { FetchOptions, Runtime } from '../runtime.js';
import { ActionError } from './action-error.js';

export const MAX_REDIRECTS = 10;

export interface OutgoingRequest {
  url: URL;
  method: string;
  headers: Headers;
  body?: Uint8Array;
}

export interface FetchedAnswer {
  response: Response;
  /** The URL that gave the final answer (after redirects). */
  url: string;
  content: Uint8Array;
}

/**
 * Sends the request, following up to 10 redirects. A hop to another origin (scheme, host or port)
 * carries none of the request's headers except `Content-Type` with a resent body: the configured
 * headers, forwarded headers and signatures were meant for the first origin only (as `requests`
 * drops `Authorization`). Once dropped they stay dropped. 301/302/303 turn a POST into a body-less
 * GET, as browsers and `requests` do; 307/308 resend method and body.
 */
export async function fetchFollowingRedirects(runtime: Runtime, first: OutgoingRequest, options: FetchOptions & { maxResponseSize: number }): Promise<FetchedAnswer> {
  let { url, method, headers, body } = first;
  for (let hop = 0; ; hop++) {
    const response = await runtime.fetch(new Request(url, { method, headers, body: body as BufferSource | undefined, redirect: 'manual' }), options);
    const location = REDIRECT_STATUSES.has(response.status) ? response.headers.get('location') : null;
    if (location === null) return { response, url: url.href, content: await readCapped(response, options.maxResponseSize) };
    await response.body?.cancel().catch(() => undefined);
    if (hop === MAX_REDIRECTS) throw new ActionError(`more than ${MAX_REDIRECTS} redirects (the last one from ${url.origin}${url.pathname})`);
    let next: URL;
    try {
      next = new URL(location, url);
    } catch {
      throw new ActionError(`${url.origin}${url.pathname} redirected to an invalid URL`);
    }
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new ActionError(`${url.origin}${url.pathname} redirected to a ${next.protocol} URL`);
    if (response.status === 303 ? method !== 'HEAD' : (response.status === 301 || response.status === 302) && method === 'POST') {
      method = 'GET';
      body = undefined;
      headers = new Headers(headers);
      headers.delete('content-type');
    }
    if (next.origin !== url.origin) headers = keepOnlyContentType(headers, body !== undefined);
    url = next;
  }
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

function keepOnlyContentType(headers: Headers, hasBody: boolean): Headers {
  const kept = new Headers();
  const type = headers.get('content-type');
  if (hasBody && type !== null) kept.set('content-type', type);
  return kept;
}

/** The body, read as a stream and abandoned as soon as it passes `limit` bytes. */
async function readCapped(response: Response, limit: number): Promise<Uint8Array> {
  const tooLarge = () => new ActionError(`the answer is larger than max_response_size (${limit} bytes); reading stopped`);
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) {
    await response.body?.cancel().catch(() => undefined);
    throw tooLarge();
  }
  if (!response.body) return new Uint8Array(0);
  const content = await readStreamCapped(response.body, limit);
  if (content === null) throw tooLarge();
  return content;
}
