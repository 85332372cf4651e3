import { commonKeys } from '../key-table.js';
import { SignatureError } from './action-error.js';
import { defineSenderCheck } from './define-sender-check.js';
import { base64AnyToBytes, requireHeader, requireHmac } from './verify-helpers.js';

/** Checks Shopify's signature: `X-Shopify-Hmac-Sha256`, the base64 HMAC-SHA256 of the raw body. */
export default defineSenderCheck({
  name: 'shopify-verify',
  secret: commonKeys.secret('Shopify signs with'),
  async check(key, call) {
    const value = requireHeader(call.request.headers, 'X-Shopify-Hmac-Sha256');
    // 32 bytes are 44 base64 characters: the length is checked before anything is decoded
    const signature = value.length === 44 ? base64AnyToBytes(value) : null;
    if (!signature || signature.length !== 32) throw new SignatureError('malformed X-Shopify-Hmac-Sha256 (expected the base64 of 32 bytes)');
    await requireHmac(key, 'SHA-256', signature, call.request.body);
    return 'Shopify signature verified';
  },
});
