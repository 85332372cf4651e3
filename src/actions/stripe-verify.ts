import { commonKeys } from '../key-table.js';
import { SignatureError } from './action-error.js';
import { defineSenderCheck } from './define-sender-check.js';
import { checkTimestamp, equalBytes, hexOfLength, hmacOf, joinBytes, MAX_SIGNATURES, nowSeconds, requireHeader } from './verify-helpers.js';

/**
 * Checks Stripe's signature: `Stripe-Signature: t=<unix time>,v1=<hex>[,v1=<hex>…]`, each `v1`
 * a hex HMAC-SHA256 of `<t>.<raw body>` keyed with the endpoint secret as it is written
 * (`whsec_…` included: Stripe does not decode it). Any `v1` may match (Stripe sends two while a
 * secret is rolled); `t` must be within `tolerance` seconds of now, either way.
 */
export default defineSenderCheck({
  name: 'stripe-verify',
  secret: commonKeys.secret('Stripe signs with (whsec_…)'),
  timed: true,
  async check(key, call, tolerance) {
    const header = requireHeader(call.request.headers, 'Stripe-Signature');
    let timestampText: string | undefined;
    const signatures: string[] = [];
    for (const item of header.split(',')) {
      const equals = item.indexOf('=');
      const name = item.slice(0, equals).trim();
      if (name === 't') timestampText = item.slice(equals + 1).trim();
      else if (name === 'v1') signatures.push(item.slice(equals + 1).trim());
    }
    if (timestampText === undefined) throw new SignatureError('malformed Stripe-Signature (no t=)');
    if (signatures.length === 0) throw new SignatureError('malformed Stripe-Signature (no v1= signature)');
    if (signatures.length > MAX_SIGNATURES) throw new SignatureError(`too many signatures in Stripe-Signature (${signatures.length}; at most ${MAX_SIGNATURES})`);
    checkTimestamp(timestampText, 'Stripe-Signature t=', tolerance, nowSeconds());
    // one MAC for all candidates; each candidate's length is checked before it is decoded
    const expected = await hmacOf(key, 'SHA-256', joinBytes(`${timestampText}.`, call.request.body));
    let matched = false;
    for (const hex of signatures) {
      const signature = hexOfLength(hex, 32);
      // no early exit: the time taken does not say which candidate matched
      if (signature && equalBytes(signature, expected)) matched = true;
    }
    if (!matched) throw new SignatureError('signature mismatch');
    return 'Stripe signature verified';
  },
});
