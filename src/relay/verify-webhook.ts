import { equalBytes, MAX_SIGNATURES } from '../actions/verify-helpers.js';
import { base64ToBytes } from '../encoding/base64.js';
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
 * the timestamp within `toleranceSeconds` of `nowSeconds`, and one of at most
 * MAX_SIGNATURES `v1,` signatures equal (constant time) to the HMAC-SHA256.
 */
export async function verifyWebhook(secret: string, headers: Headers, body: Uint8Array, toleranceSeconds: number, nowSeconds: number): Promise<VerifiedMessage> {
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

  // several signatures are allowed (key rotation); any v1 that matches accepts the message. The MAC
  // is computed once and each entry's length checked before it is decoded: a header of thousands
  // of entries must not cost one HMAC over the body each.
  const entries = signatures.trim().split(/\s+/);
  if (entries.length > MAX_SIGNATURES) throw new WebhookVerificationError(`Too many signatures (${entries.length}; at most ${MAX_SIGNATURES}) (webhook-id ${shown})`);
  const key = await importSigningKey(secret, 'sign');
  const expected = new Uint8Array(await crypto.subtle.sign('HMAC', key, signedContent(id, timestamp, body) as BufferSource));
  const encodedLength = 4 * Math.ceil(expected.length / 3);
  let matched = false;
  for (const entry of entries) {
    if (!entry.startsWith('v1,') || entry.length - 3 !== encodedLength) continue;
    const mac = base64ToBytes(entry.slice(3));
    // no early exit: how many entries were looked at says nothing about which one matched
    if (mac && equalBytes(mac, expected)) matched = true;
  }
  if (matched) return { id, timestamp };
  throw new WebhookVerificationError(`No matching signature found (webhook-id ${shown})`);
}
