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
export async function readBody(request: Request, limit: number, readDeclared?: () => Promise<Uint8Array> | undefined): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > limit) throw new BodyTooLargeError(`body of ${declared} bytes is over the limit of ${limit}`);
  // a declared length within the limit is enforced by the HTTP parser: read it in one go. This comes
  // before touching `request.body`, which makes some servers (@hono/node-server) build a stream.
  if (request.headers.has('content-length') && Number.isFinite(declared)) return readDeclared?.() ?? new Uint8Array(await request.arrayBuffer());
  if (!request.body) return new Uint8Array(0);
  const body = await readStreamCapped(request.body, limit);
  if (body === null) throw new BodyTooLargeError(`body is over the limit of ${limit} bytes`);
  return body;
}
