import { bytesToBase64 } from '../encoding/base64.js';
import { importSigningKey, signedContent } from './signing-key.js';

export interface SignedHeaders {
  'webhook-id': string;
  'webhook-timestamp': string;
  'webhook-signature': string;
}

/**
 * Standard Webhooks headers for a message: HMAC-SHA256 over `<id>.<timestamp>.<body>`,
 * the body being exactly the bytes that will be sent.
 */
export async function signWebhook(secret: string, id: string, timestamp: number, body: Uint8Array): Promise<SignedHeaders> {
  const key = await importSigningKey(secret, 'sign');
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', key, signedContent(id, timestamp, body) as BufferSource));
  return { 'webhook-id': id, 'webhook-timestamp': String(timestamp), 'webhook-signature': `v1,${bytesToBase64(mac)}` };
}

/** A fresh message id, `msg_` and a random UUID (what the `http` action's `sign` uses by default). */
export function newMessageId(): string {
  return `msg_${crypto.randomUUID().replaceAll('-', '')}`;
}
