import { SignatureError } from './action-error.js';
import { defineAction } from './define-action.js';

const ALGORITHMS: Record<string, string> = { sha256: 'SHA-256', sha1: 'SHA-1' };
const encoder = new TextEncoder();

/**
 * Checks GitHub's HMAC signature over the raw body bytes: `X-Hub-Signature-256`
 * (sha256) when present, else `X-Hub-Signature` (sha1). WebCrypto's verify
 * compares in constant time.
 */
export default defineAction({
  name: 'github-verify',
  keys: ['secret', 'output'],
  checksSender: true,
  prepare: (settings) => ({
    secret: settings.template('secret', { required: true }),
    output: settings.template('output', { default: '{{ result }}' }),
  }),
  async run({ secret, output }, call) {
    const header = call.request.headers.get('x-hub-signature-256') ?? call.request.headers.get('x-hub-signature');
    if (header === null) throw new SignatureError('Missing X-Hub-Signature-256 or X-Hub-Signature header');
    const parts = header.split('=');
    const algorithm = parts.length === 2 ? ALGORITHMS[parts[0]!] : undefined;
    const signature = parts.length === 2 ? hexToBytes(parts[1]!) : null;
    if (!algorithm) throw new SignatureError('Invalid hashing algorithm');
    const key = await crypto.subtle.importKey('raw', encoder.encode(call.renderSecret(secret)), { name: 'HMAC', hash: algorithm }, false, ['verify']);
    if (!signature || !(await crypto.subtle.verify('HMAC', key, signature as BufferSource, call.request.body as BufferSource))) {
      throw new SignatureError('GitHub webhook validation failed');
    }
    call.print(call.render(output, { result: 'GitHub webhook successfully validated' }));
  },
});

function hexToBytes(hex: string): Uint8Array | null {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}
