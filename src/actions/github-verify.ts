import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { commonKeys } from '../key-table.js';
import { SignatureError } from './action-error.js';
import { defineAction } from './define-action.js';
import { hexToBytes, hmacMatches } from './verify-helpers.js';

/** The header fixes the algorithm: a `sha1=` value in the sha256 header is a downgrade, refused. */
const HEADERS = [
  { name: 'X-Hub-Signature-256', algorithm: 'sha256', hexLength: 64 },
  { name: 'X-Hub-Signature', algorithm: 'sha1', hexLength: 40 },
] as const;

/** Decodes only text that encodes back to the same bytes, so the library checks what was sent. */
const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Checks GitHub's HMAC signature over the raw body bytes: `X-Hub-Signature-256` (sha256) when
 * present, else `X-Hub-Signature` (sha1).
 *
 * The sha256 check is `@octokit/webhooks-methods`' `verify` (constant time: `timingSafeEqual` on
 * Node and Lambda, WebCrypto's verify on Workers). Our own WebCrypto code remains for what that
 * library does not take: sha1 (it knows only sha256), and bodies it cannot be given as a string
 * without changing their bytes — not UTF-8, or empty (it refuses an empty payload).
 */
export default defineAction({
  name: 'github-verify',
  keys: [commonKeys.secret('GitHub signs with'), commonKeys.output('{{ result }}')],
  checksSender: true,
  prepare: (settings) => ({
    secret: settings.template('secret', { required: true }),
    output: settings.template('output', { default: '{{ result }}' }),
  }),
  async run({ secret, output }, call) {
    // first: an unset secret is a configuration error whatever the request carries
    const key = call.renderSecret(secret);
    const header = HEADERS.find(({ name }) => call.request.headers.get(name) !== null);
    if (!header) throw new SignatureError('Missing X-Hub-Signature-256 or X-Hub-Signature header');
    const parts = call.request.headers.get(header.name)!.split('=');
    if (parts.length !== 2 || parts[0] !== header.algorithm) {
      throw new SignatureError(`Invalid hashing algorithm: ${header.name} carries ${header.algorithm}=<hex>`);
    }
    const hex = parts[1]!;
    if (!(hex.length === header.hexLength && (await matches(header.algorithm, key, hex, call.request.body)))) {
      throw new SignatureError('GitHub webhook validation failed');
    }
    call.print(call.render(output, { result: 'GitHub webhook successfully validated' }));
  },
});

async function matches(algorithm: 'sha256' | 'sha1', key: string, hex: string, body: Uint8Array): Promise<boolean> {
  const signature = hexToBytes(hex);
  if (!signature) return false;
  const text = algorithm === 'sha256' && body.length > 0 ? utf8(body) : null;
  if (text !== null) return octokitVerify(key, text, `sha256=${hex.toLowerCase()}`);
  return hmacMatches(key, algorithm === 'sha256' ? 'SHA-256' : 'SHA-1', signature, body);
}

function utf8(body: Uint8Array): string | null {
  try {
    return strictUtf8.decode(body);
  } catch {
    return null;
  }
}
