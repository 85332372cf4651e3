import { SignatureError } from './action-error.js';
import { defineSenderCheck } from './define-sender-check.js';
import { hexToBytes, hmacMatches } from './verify-helpers.js';

/** Gitea sends `X-Gitea-Signature`; Forgejo sends `X-Forgejo-Signature` (and, for compatibility, the Gitea one). */
const HEADERS = ['X-Gitea-Signature', 'X-Forgejo-Signature'] as const;

/** Checks a Gitea or Forgejo signature: the hex HMAC-SHA256 of the raw body, no prefix. */
export default defineSenderCheck({
  name: 'gitea-verify',
  secretIs: 'Gitea signs with',
  async check(key, call) {
    const name = HEADERS.find((header) => (call.request.headers.get(header) ?? '').trim() !== '');
    if (!name) throw new SignatureError('missing X-Gitea-Signature or X-Forgejo-Signature');
    const hex = call.request.headers.get(name)!.trim();
    const signature = hex.length === 64 ? hexToBytes(hex) : null;
    if (!signature) throw new SignatureError(`malformed ${name} (expected 64 hex digits)`);
    if (!(await hmacMatches(key, 'SHA-256', signature, call.request.body))) throw new SignatureError('signature mismatch');
    return 'Gitea signature verified';
  },
});
