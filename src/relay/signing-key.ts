import { base64ToBytes } from '../encoding/base64.js';

/** The prefix Standard Webhooks gives its base64-encoded secrets. */
export const SECRET_PREFIX = 'whsec_';

const encoder = new TextEncoder();

/**
 * The HMAC key of a relay secret. `whsec_<base64>` is decoded as Standard Webhooks
 * libraries do, so they interoperate; any other text is used as its UTF-8 bytes, so a
 * plain passphrase works between two webhook-proxies.
 */
export function secretKeyBytes(secret: string): Uint8Array {
  if (secret.startsWith(SECRET_PREFIX)) {
    const bytes = base64ToBytes(secret.slice(SECRET_PREFIX.length));
    // the secret itself never goes into the message
    if (!bytes || bytes.length === 0) throw new Error(`the relay secret starts with "${SECRET_PREFIX}" but the rest is not base64`);
    return bytes;
  }
  if (secret === '') throw new Error('the relay secret is empty');
  return encoder.encode(secret);
}

/** Imports the secret as an HMAC-SHA256 key for WebCrypto. */
export function importSigningKey(secret: string, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', secretKeyBytes(secret) as BufferSource, { name: 'HMAC', hash: 'SHA-256' }, false, [usage]);
}

/** What Standard Webhooks signs: `<id>.<timestamp>.` followed by the body's exact bytes. */
export function signedContent(id: string, timestamp: number, body: Uint8Array): Uint8Array {
  const prefix = encoder.encode(`${id}.${timestamp}.`);
  const content = new Uint8Array(prefix.length + body.length);
  content.set(prefix, 0);
  content.set(body, prefix.length);
  return content;
}
