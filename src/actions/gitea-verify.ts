import { commonKeys } from '../key-table.js';
import { defineSenderCheck } from './define-sender-check.js';
import { hexSignature, requireHmac, requireOneOf } from './verify-helpers.js';

/** Gitea sends `X-Gitea-Signature`; Forgejo sends `X-Forgejo-Signature` (and, for compatibility, the Gitea one). */
const HEADERS = ['X-Gitea-Signature', 'X-Forgejo-Signature'] as const;

/** Checks a Gitea or Forgejo signature: the hex HMAC-SHA256 of the raw body, no prefix. */
export default defineSenderCheck({
  name: 'gitea-verify',
  secret: commonKeys.secret('Gitea signs with'),
  async check(key, call) {
    const { name, value } = requireOneOf(call.request.headers, HEADERS);
    await requireHmac(key, 'SHA-256', hexSignature(value, name, '', 32), call.request.body);
    return 'Gitea signature verified';
  },
});
