import { randomBytes } from 'node:crypto';
import { Webhook } from 'standardwebhooks';

/** A Standard Webhooks secret in its interoperable form, `whsec_<base64>`. */
export function newRelaySecret(): string {
  return `whsec_${randomBytes(24).toString('base64')}`;
}

/**
 * Headers for a message signed by the reference Standard Webhooks library (an
 * implementation independent of ours), at `secondsAgo` in the past.
 */
export function referenceSignedHeaders(secret: string, id: string, body: Buffer, secondsAgo = 0): Record<string, string> {
  const timestamp = new Date(Date.now() - secondsAgo * 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)),
    'webhook-signature': new Webhook(secret).sign(id, timestamp, body.toString('utf8')),
  };
}

/** Waits until `check` is true, polling; throws with `what` after the deadline. */
export async function eventually(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
