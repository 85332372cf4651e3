/**
 * The `http` action's `verify: false` and `verify: <CA bundle>` on Node and Lambda, over
 * node:https. The global fetch cannot take TLS settings, and undici (which can) would add half a
 * megabyte to the Lambda bundle, parsed at every cold start. Only these two settings come here.
 * Neither path follows redirects: the `http` action does, hop by hop (src/actions/http-fetch.ts), so
 * both behave the same. The answer's body is a stream, read (and capped) by the action.
 */
import { readFileSync } from 'node:fs';
import type { RequestOptions } from 'node:https';
import { Readable } from 'node:stream';

export async function fetchWithTls(request: Request, tlsVerify: false | string, signal: AbortSignal): Promise<Response> {
  const url = new URL(request.url);
  const body = request.body ? Buffer.from(await request.arrayBuffer()) : undefined;
  const headers: Record<string, string> = Object.fromEntries(request.headers);
  if (body) headers['content-length'] = String(body.byteLength);
  const options: RequestOptions = { method: request.method, headers, signal };
  if (url.protocol === 'https:') {
    if (tlsVerify === false) options.rejectUnauthorized = false;
    else options.ca = readFileSync(tlsVerify);
  }
  // loaded on use: node:https brings in TLS, which a cold start need not pay for
  const send = url.protocol === 'https:' ? (await import('node:https')).request : (await import('node:http')).request;
  return new Promise((resolve, reject) => {
    const outgoing = send(url, options, (incoming) => {
      const responseHeaders = new Headers();
      for (let i = 0; i < incoming.rawHeaders.length; i += 2) responseHeaders.append(incoming.rawHeaders[i]!, incoming.rawHeaders[i + 1]!);
      const status = incoming.statusCode ?? 502;
      const nullBody = status === 204 || status === 304 || request.method === 'HEAD';
      if (nullBody) incoming.resume();
      // cancelling the stream destroys the socket: a capped read stops the download
      const body = nullBody ? null : (Readable.toWeb(incoming) as ReadableStream<Uint8Array>);
      resolve(new Response(body, { status, statusText: incoming.statusMessage, headers: responseHeaders }));
    });
    outgoing.on('error', reject);
    outgoing.end(body);
  });
}

/** The runtimes' `fetch` on Node and Lambda: the global fetch, or node:https when TLS settings are given. */
export function fetchWithOptions(request: Request, options: { timeoutMs: number; tlsVerify: boolean | string }): Promise<Response> {
  const signal = AbortSignal.timeout(options.timeoutMs);
  if (options.tlsVerify === true) return fetch(request, { signal, redirect: 'manual' });
  return fetchWithTls(request, options.tlsVerify, signal);
}
