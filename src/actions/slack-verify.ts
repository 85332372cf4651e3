import { commonKeys } from '../key-table.js';
import { defineSenderCheck } from './define-sender-check.js';
import { checkTimestamp, hexSignature, joinBytes, nowSeconds, requireHeader, requireHmac } from './verify-helpers.js';

/**
 * Checks Slack's request signature: `X-Slack-Signature: v0=<hex>`, the HMAC-SHA256 (keyed with
 * the app's signing secret) of `v0:<X-Slack-Request-Timestamp>:<raw body>`, the timestamp within
 * `tolerance` seconds of now, either way.
 */
export default defineSenderCheck({
  name: 'slack-verify',
  secret: commonKeys.secret("Slack signs with (the app's signing secret)"),
  timed: true,
  async check(key, call, tolerance) {
    const value = requireHeader(call.request.headers, 'X-Slack-Signature');
    const timestampText = requireHeader(call.request.headers, 'X-Slack-Request-Timestamp');
    checkTimestamp(timestampText, 'X-Slack-Request-Timestamp', tolerance, nowSeconds());
    const signature = hexSignature(value, 'X-Slack-Signature', 'v0=', 32);
    await requireHmac(key, 'SHA-256', signature, joinBytes(`v0:${timestampText}:`, call.request.body));
    return 'Slack signature verified';
  },
});
