import { commonKeys, key } from '../key-table.js';
import { SignatureError } from './action-error.js';
import { defineAction } from './define-action.js';
import { requireHeader, tokensEqual } from './verify-helpers.js';

/**
 * Checks GitLab's secret token: GitLab does not sign the body, it sends the token configured in
 * the webhook as `X-Gitlab-Token`. Compared in constant time (both sides hashed first).
 */
export default defineAction({
  name: 'gitlab-verify',
  keys: [key('token', 'template', 'The secret token of the GitLab webhook (X-Gitlab-Token); usually \'{{ read_config("NAME") }}\'.', { required: true }), commonKeys.output('{{ result }}')],
  checksSender: true,
  prepare: (settings) => ({
    token: settings.template('token', { required: true }),
    output: settings.template('output', { default: '{{ result }}' }),
  }),
  async run({ token, output }, call) {
    // first: an unset secret is a configuration error whatever the request carries
    const expected = call.renderSecret(token);
    const presented = requireHeader(call.request.headers, 'X-Gitlab-Token');
    if (!(await tokensEqual(presented, expected))) throw new SignatureError('token mismatch');
    call.print(call.render(output, { result: 'GitLab token verified' }));
  },
});
