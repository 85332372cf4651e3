import { key } from '../key-table.js';
import { SignatureError } from './action-error.js';
import { defineSenderCheck } from './define-sender-check.js';
import { requireHeader, tokensEqual } from './verify-helpers.js';

/**
 * Checks GitLab's secret token: GitLab does not sign the body, it sends the token configured in
 * the webhook as `X-Gitlab-Token`. Compared in constant time (both sides hashed first).
 */
export default defineSenderCheck({
  name: 'gitlab-verify',
  secret: key('token', 'template', 'The secret token of the GitLab webhook (X-Gitlab-Token); usually \'{{ read_config("NAME") }}\'.', { required: true }),
  async check(expected, call) {
    const presented = requireHeader(call.request.headers, 'X-Gitlab-Token');
    if (!(await tokensEqual(presented, expected))) throw new SignatureError('token mismatch');
    return 'GitLab token verified';
  },
});
