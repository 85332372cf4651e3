import { commonKeys } from '../key-table.js';
import { ReplayCache } from '../relay/replay-cache.js';
import { verifyWebhook, WebhookVerificationError } from '../relay/verify-webhook.js';
import { ActionError, SignatureError } from './action-error.js';
import { defineSenderCheck } from './define-sender-check.js';
import { nowSeconds } from './verify-helpers.js';

/**
 * Ids accepted by every `verify` action of this process (of this isolate on Workers).
 * One cache for all endpoints: the signature does not cover the path, so a message
 * accepted on one endpoint must not be replayable on another with the same secret.
 */
const accepted = new ReplayCache();

/**
 * Checks a Standard Webhooks signature (`webhook-id`, `webhook-timestamp`,
 * `webhook-signature`) over the raw body, as the `http` action's `sign` makes it:
 * the hop from an edge Worker to a Node relay, or any Standard Webhooks sender.
 *
 * Our own code, not the `standardwebhooks` library, which does not fit: its tolerance is fixed
 * at 5 minutes (ours is the `tolerance` setting); it decodes every secret as base64, so a plain
 * passphrase (what two webhook-proxies may share) becomes other bytes or fails; it turns the body
 * into a string before signing, so a non-UTF-8 body no longer verifies; it hashes with a
 * pure-JavaScript SHA-256 that blocks the event loop on a 25 MiB body where WebCrypto does not;
 * and it JSON-parses the body after the check, which fails on a non-JSON body.
 */
export default defineSenderCheck({
  name: 'verify',
  secret: commonKeys.secret('the sender signs with (Standard Webhooks)'),
  timed: true,
  async check(key, call, tolerance) {
    const now = nowSeconds();
    let message;
    try {
      message = await verifyWebhook(key, call.request.headers, call.request.body, tolerance, now);
    } catch (error) {
      if (error instanceof WebhookVerificationError) throw new SignatureError(error.message);
      // a bad secret (e.g. whsec_ with no base64) is the config's fault; say so without the secret
      throw new ActionError(`cannot verify: ${error instanceof Error ? error.message : String(error)}`);
    }
    // checked after the signature, so unsigned requests cannot fill the cache
    const added = accepted.add(message.id, message.timestamp + tolerance, now);
    if (added === 'replayed') throw new SignatureError(`Message already accepted: webhook-id ${message.id} is a replay`);
    if (added === 'full') throw new ActionError(`Too many messages within ${tolerance} s to remember them all; webhook-id ${message.id} refused`);
    return { result: `Webhook signature verified (webhook-id ${message.id})`, webhook_id: message.id };
  },
});
