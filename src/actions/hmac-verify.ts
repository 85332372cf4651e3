import type { Settings } from '../config/settings.js';
import { commonKeys, key } from '../key-table.js';
import type { Template } from '../templates/index.js';
import { ActionError, SignatureError } from './action-error.js';
import { defineAction } from './define-action.js';
import { base64AnyToBytes, checkTimestamp, hexOfLength, joinBytes, nowSeconds, requireHeader, requireHmac, type HashName } from './verify-helpers.js';

const ALGORITHMS: Record<string, { hash: HashName; bytes: number }> = {
  sha1: { hash: 'SHA-1', bytes: 20 },
  sha256: { hash: 'SHA-256', bytes: 32 },
  sha512: { hash: 'SHA-512', bytes: 64 },
};
const ENCODINGS = ['hex', 'base64'] as const;
type Encoding = (typeof ENCODINGS)[number];

/**
 * Stands for the body in a rendered `signed` template, then is replaced by the body's raw bytes:
 * rendering the body itself as text would change a non-UTF-8 body. Random per process, so a
 * request value cannot forge it; made on first use because Workers refuse randomness at load.
 */
let bodyMark: string | undefined;
const mark = () => (bodyMark ??= `\u0000body-${crypto.randomUUID()}\u0000`);

/**
 * Checks the HMAC of any sender that signs the raw body (or `<timestamp>.<body>`, or what
 * `signed` says) and puts the signature, hex or base64, optionally after a prefix, in a header.
 */
export default defineAction({
  name: 'hmac-verify',
  keys: [
    commonKeys.secret('the sender signs with'),
    key('header', 'template', 'The header holding the signature.', { required: true }),
    key('algorithm', 'template', 'sha1, sha256 or sha512.', { default: 'sha256' }),
    key('encoding', 'template', 'How the signature is written: hex or base64.', { default: 'hex' }),
    key('prefix', 'template', 'Text before the signature in the header (e.g. sha256=).', { default: '' }),
    key('timestamp_header', 'template', 'The header holding the signed Unix timestamp; the body is then signed as <timestamp>.<body>.'),
    { ...commonKeys.tolerance, description: 'How far the timestamp of timestamp_header may be from now, either way, in seconds.' },
    key('signed', 'template', 'What is signed, when neither the body nor <timestamp>.<body> (the body is {{ body }}).'),
    commonKeys.output('{{ result }}'),
  ],
  checksSender: true,
  prepare: (settings) => {
    const timestampHeader = settings.template('timestamp_header');
    const tolerance = settings.seconds('tolerance');
    // a tolerance that nothing checks would look like replay protection and be none
    if (tolerance !== undefined && !timestampHeader) settings.fail('tolerance', 'needs "timestamp_header": without a timestamp there is nothing to check it against');
    return {
      secret: settings.template('secret', { required: true }),
      header: settings.template('header', { required: true }),
      algorithm: choice(settings, 'algorithm', Object.keys(ALGORITHMS), 'sha256'),
      encoding: choice(settings, 'encoding', ENCODINGS, 'hex'),
      prefix: settings.template('prefix', { default: '' }),
      timestampHeader,
      tolerance: tolerance ?? 300,
      signed: settings.template('signed'),
      output: settings.template('output', { default: '{{ result }}' }),
    };
  },
  async run(prepared, call) {
    // first: an unset secret is a configuration error whatever the request carries
    const key = call.renderSecret(prepared.secret);
    const algorithm = ALGORITHMS[renderChoice(call.render(prepared.algorithm), 'algorithm', Object.keys(ALGORITHMS))]!;
    const encoding = renderChoice(call.render(prepared.encoding), 'encoding', ENCODINGS) as Encoding;
    const header = headerName(call.render(prepared.header), 'header');
    const value = requireHeader(call.request.headers, header);
    const prefix = call.render(prepared.prefix);
    if (!value.startsWith(prefix)) throw new SignatureError(`malformed ${header} (expected the prefix ${JSON.stringify(prefix)})`);
    const signature = decode(value.slice(prefix.length).trim(), encoding, algorithm.bytes);
    if (!signature) throw new SignatureError(`malformed ${header} (expected the ${encoding} of ${algorithm.bytes} bytes)`);

    let timestamp: string | undefined;
    if (prepared.timestampHeader) {
      const name = headerName(call.render(prepared.timestampHeader), 'timestamp_header');
      timestamp = requireHeader(call.request.headers, name);
      checkTimestamp(timestamp, name, prepared.tolerance, nowSeconds());
    }
    const content = prepared.signed
      ? signedContent(call.render(prepared.signed, { timestamp: timestamp ?? '', body: mark() }), call.request.body)
      : timestamp !== undefined
        ? joinBytes(`${timestamp}.`, call.request.body)
        : call.request.body;
    await requireHmac(key, algorithm.hash, signature, content);
    call.print(call.render(prepared.output, { result: `${header} verified` }));
  },
});

/** A setting with a few allowed values: checked at load unless it is a template. */
function choice(settings: Settings, key: string, allowed: readonly string[], fallback: string): Template {
  const template = settings.template(key, { default: fallback });
  if (!/\{\{|\{%|\{#/.test(template.source) && !allowed.includes(template.source.trim())) {
    settings.fail(key, `must be one of ${allowed.join(', ')}, not ${JSON.stringify(template.source)}`);
  }
  return template;
}

function renderChoice(text: string, key: string, allowed: readonly string[]): string {
  const value = text.trim();
  if (!allowed.includes(value)) throw new ActionError(`"${key}" rendered ${JSON.stringify(value.slice(0, 40))}, not one of ${allowed.join(', ')}`);
  return value;
}

function headerName(text: string, key: string): string {
  const name = text.trim();
  if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new ActionError(`"${key}" rendered ${JSON.stringify(name.slice(0, 40))}, which is not a header name`);
  return name;
}

/** The signature's bytes, its length checked before it is decoded (base64 padded or not). */
function decode(text: string, encoding: Encoding, bytes: number): Uint8Array | null {
  if (encoding === 'hex') return hexOfLength(text, bytes);
  if (text.length !== 4 * Math.ceil(bytes / 3) && text.length !== Math.ceil((bytes * 4) / 3)) return null;
  const decoded = base64AnyToBytes(text);
  return decoded && decoded.length === bytes ? decoded : null;
}

/** The rendered `signed` template with the body's raw bytes where it says `{{ body }}`. */
function signedContent(rendered: string, body: Uint8Array): Uint8Array {
  const parts = rendered.split(mark());
  // signing content without the body would let anyone change the body: a configuration error
  if (parts.length !== 2) throw new ActionError('"signed" must contain {{ body }} exactly once');
  return joinBytes(parts[0]!, body, parts[1]!);
}
