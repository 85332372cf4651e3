import { base64ToBytes } from './base64.js';
import { importSigningKey, signedContent } from './signing-key.js';

/** Why a message was refused; the message never contains the secret or a signature. */
export class WebhookVerificationError extends Error {
  override readonly name = 'WebhookVerificationError';
}

export interface VerifiedMessage {
  id: string;
  /** Epoch seconds from `webhook-timestamp`. */
  timestamp: number;
}

/**
 * Checks the Standard Webhooks headers of a message against the exact body bytes:
 * the timestamp within `toleranceSeconds` of `nowSeconds`, and one `v1,` signature
 * that WebCrypto's HMAC verify (constant time) accepts.
 */
export async function verifyWebhook(
  secret: string,
  headers: Headers,
  body: Uint8Array,
  toleranceSeconds: number,
  nowSeconds: number,
): Promise<VerifiedMessage> {
  const id = headers.get('webhook-id');
  const timestampText = headers.get('webhook-timestamp');
  const signatures = headers.get('webhook-signature');
  if (!id || !timestampText || !signatures) throw new WebhookVerificationError('Missing webhook-id, webhook-timestamp or webhook-signature header');
  // the id is the sender's text: cut it in messages, so an unsigned request cannot flood the log
  const shown = id.length > 100 ? `${id.slice(0, 100)}…` : id;
  if (!/^\d{1,15}$/.test(timestampText.trim())) throw new WebhookVerificationError(`Invalid webhook-timestamp (webhook-id ${shown})`);
  const timestamp = Number(timestampText.trim());
  if (nowSeconds - timestamp > toleranceSeconds) throw new WebhookVerificationError(`Message timestamp too old (webhook-id ${shown}, ${nowSeconds - timestamp} s ago)`);
  if (timestamp - nowSeconds > toleranceSeconds) throw new WebhookVerificationError(`Message timestamp too new (webhook-id ${shown}, ${timestamp - nowSeconds} s ahead)`);

  const key = await importSigningKey(secret, 'verify');
  const content = signedContent(id, timestamp, body);
  // several signatures are allowed (key rotation); any v1 that verifies accepts the message
  for (const entry of signatures.trim().split(/\s+/)) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const mac = base64ToBytes(entry.slice(comma + 1));
    if (mac && (await crypto.subtle.verify('HMAC', key, mac as BufferSource, content as BufferSource))) return { id, timestamp };
  }
  throw new WebhookVerificationError(`No matching signature found (webhook-id ${shown})`);
}
