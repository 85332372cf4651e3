import { readStreamCapped } from './read-stream-capped.js';

/** The body was larger than `server.max_body_size`. */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
}

/**
 * Reads the whole body, refusing it as soon as it passes `limit` bytes, so an
 * oversized upload is never held in memory. `readDeclared`: the platform's own reading of a body
 * of declared length, when it has one (Runtime.readDeclaredBody).
 */
export function readBody(request: Request, limit: number, readDeclared?: () => Promise<Uint8Array> | undefined): Promise<Uint8Array> {
  const length = request.headers.get('content-length');
  const declared = Number(length);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(new BodyTooLargeError(`body of ${declared} bytes is over the limit of ${limit}`));
  // a declared length within the limit is enforced by the HTTP parser: read it in one go. This comes
  // before touching `request.body`, which makes some servers (@hono/node-server) build a stream.
  // The reader's own promise is handed on, not awaited here: each async layer a promise passes
  // through costs the request more turns of the microtask queue.
  if (length !== null && Number.isFinite(declared)) return readDeclared?.() ?? request.arrayBuffer().then((buffer) => new Uint8Array(buffer));
  return readUndeclared(request, limit);
}

async function readUndeclared(request: Request, limit: number): Promise<Uint8Array> {
  if (!request.body) return new Uint8Array(0);
  const body = await readStreamCapped(request.body, limit);
  if (body === null) throw new BodyTooLargeError(`body is over the limit of ${limit} bytes`);
  return body;
}
