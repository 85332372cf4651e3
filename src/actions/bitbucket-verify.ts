import { SignatureError } from './action-error.js';
import { defineSenderCheck } from './define-sender-check.js';
import { hexToBytes, hmacMatches, requireHeader } from './verify-helpers.js';

/**
 * Checks Bitbucket's signature (Cloud and Data Center): `X-Hub-Signature: sha256=<hex>`, the
 * HMAC-SHA256 of the raw body. Only sha256 is accepted: Bitbucket sends nothing weaker.
 */
export default defineSenderCheck({
  name: 'bitbucket-verify',
  secretIs: 'Bitbucket signs with',
  async check(key, call) {
    const value = requireHeader(call.request.headers, 'X-Hub-Signature');
    const hex = value.startsWith('sha256=') ? value.slice('sha256='.length) : '';
    const signature = hex.length === 64 ? hexToBytes(hex) : null;
    if (!signature) throw new SignatureError('malformed X-Hub-Signature (expected sha256=<64 hex digits>)');
    if (!(await hmacMatches(key, 'SHA-256', signature, call.request.body))) throw new SignatureError('signature mismatch');
    return 'Bitbucket signature verified';
  },
});
