import { SignatureError } from './action-error.js';
import { defineSenderCheck } from './define-sender-check.js';
import { checkTimestamp, hexToBytes, hmacMatches, joinBytes, nowSeconds, requireHeader } from './verify-helpers.js';

/**
 * Checks Slack's request signature: `X-Slack-Signature: v0=<hex>`, the HMAC-SHA256 (keyed with
 * the app's signing secret) of `v0:<X-Slack-Request-Timestamp>:<raw body>`, the timestamp within
 * `tolerance` seconds of now, either way.
 */
export default defineSenderCheck({
  name: 'slack-verify',
  secretIs: "Slack signs with (the app's signing secret)",
  timed: true,
  async check(key, call, tolerance) {
    const value = requireHeader(call.request.headers, 'X-Slack-Signature');
    const timestampText = requireHeader(call.request.headers, 'X-Slack-Request-Timestamp');
    checkTimestamp(timestampText, 'X-Slack-Request-Timestamp', tolerance, nowSeconds());
    const hex = value.startsWith('v0=') ? value.slice(3) : '';
    const signature = hex.length === 64 ? hexToBytes(hex) : null;
    if (!signature) throw new SignatureError('malformed X-Slack-Signature (expected v0=<64 hex digits>)');
    if (!(await hmacMatches(key, 'SHA-256', signature, joinBytes(`v0:${timestampText}:`, call.request.body)))) {
      throw new SignatureError('signature mismatch');
    }
    return 'Slack signature verified';
  },
});
