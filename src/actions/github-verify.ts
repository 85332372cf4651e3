import { verify as octokitVerify } from '@octokit/webhooks-methods';
import { commonKeys } from '../key-table.js';
import { SignatureError } from './action-error.js';
import { defineSenderCheck } from './define-sender-check.js';
import { hexOfLength, hmacMatches } from './verify-helpers.js';

/** The header fixes the algorithm: a `sha1=` value in the sha256 header is a downgrade, refused. */
const HEADERS = [
  { name: 'X-Hub-Signature-256', algorithm: 'sha256', bytes: 32 },
  { name: 'X-Hub-Signature', algorithm: 'sha1', bytes: 20 },
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
export default defineSenderCheck({
  name: 'github-verify',
  secret: commonKeys.secret('GitHub signs with'),
  async check(key, call) {
    // not requireOneOf: the messages are the original's, and an empty header is a malformed one
    const header = HEADERS.find(({ name }) => call.request.headers.get(name) !== null);
    if (!header) throw new SignatureError('Missing X-Hub-Signature-256 or X-Hub-Signature header');
    const parts = call.request.headers.get(header.name)!.split('=');
    if (parts.length !== 2 || parts[0] !== header.algorithm) {
      throw new SignatureError(`Invalid hashing algorithm: ${header.name} carries ${header.algorithm}=<hex>`);
    }
    const hex = parts[1]!;
    const signature = hexOfLength(hex, header.bytes);
    if (!(signature && (await matches(header.algorithm, key, hex, signature, call.request.body)))) {
      throw new SignatureError('GitHub webhook validation failed');
    }
    return 'GitHub webhook successfully validated';
  },
});

async function matches(algorithm: 'sha256' | 'sha1', key: string, hex: string, signature: Uint8Array, body: Uint8Array): Promise<boolean> {
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
