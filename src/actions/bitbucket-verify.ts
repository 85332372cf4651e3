import { commonKeys } from '../key-table.js';
import { defineSenderCheck } from './define-sender-check.js';
import { hexSignature, requireHeader, requireHmac } from './verify-helpers.js';

/**
 * Checks Bitbucket's signature (Cloud and Data Center): `X-Hub-Signature: sha256=<hex>`, the
 * HMAC-SHA256 of the raw body. Only sha256 is accepted: Bitbucket sends nothing weaker.
 */
export default defineSenderCheck({
  name: 'bitbucket-verify',
  secret: commonKeys.secret('Bitbucket signs with'),
  async check(key, call) {
    const signature = hexSignature(requireHeader(call.request.headers, 'X-Hub-Signature'), 'X-Hub-Signature', 'sha256=', 32);
    await requireHmac(key, 'SHA-256', signature, call.request.body);
    return 'Bitbucket signature verified';
  },
});
