import { commonKeys } from '../key-table.js';
import { SignatureError } from './action-error.js';
import { defineAction } from './define-action.js';
import { hexToBytes, hmacMatches, requireHeader } from './verify-helpers.js';

/**
 * Checks Bitbucket's signature (Cloud and Data Center): `X-Hub-Signature: sha256=<hex>`, the
 * HMAC-SHA256 of the raw body. Only sha256 is accepted: Bitbucket sends nothing weaker.
 */
export default defineAction({
  name: 'bitbucket-verify',
  keys: [commonKeys.secret('Bitbucket signs with'), commonKeys.output('{{ result }}')],
  checksSender: true,
  prepare: (settings) => ({
    secret: settings.template('secret', { required: true }),
    output: settings.template('output', { default: '{{ result }}' }),
  }),
  async run({ secret, output }, call) {
    // first: an unset secret is a configuration error whatever the request carries
    const key = call.renderSecret(secret);
    const value = requireHeader(call.request.headers, 'X-Hub-Signature');
    const hex = value.startsWith('sha256=') ? value.slice('sha256='.length) : '';
    const signature = hex.length === 64 ? hexToBytes(hex) : null;
    if (!signature) throw new SignatureError('malformed X-Hub-Signature (expected sha256=<64 hex digits>)');
    if (!(await hmacMatches(key, 'SHA-256', signature, call.request.body))) throw new SignatureError('signature mismatch');
    call.print(call.render(output, { result: 'Bitbucket signature verified' }));
  },
});
