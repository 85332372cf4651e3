import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';
import { sampleBody } from './providers.js';
import { senderCases } from './verify-cases.js';

const SECRET = 'hmac-Secret-93ab7f';

describe('hmac-verify', () => {
  // the shared cases use sha512, base64, a sha512= prefix and X-Timestamp (signed: "<timestamp>.<body>")
  const { deliver } = senderCases('hmac', {
    missing: 'missing X-Signature',
    timestamped: true,
    moreEndpoints: `  - /defaults:
      actions:
        - hmac-verify: { secret: '{{ read_config("SENDER_SECRET") }}', header: X-Hub-Signature-256, prefix: 'sha256=' }
        - log: { message: 'ran defaults' }
  - /signed:
      actions:
        - hmac-verify:
            secret: '{{ read_config("SENDER_SECRET") }}'
            header: X-Sig
            algorithm: sha1
            timestamp_header: X-Ts
            tolerance: 60
            signed: '{{ request.headers["X-Id"] }}:{{ timestamp }}:{{ body }}'
  - /body-left-out:
      actions:
        - hmac-verify: { secret: '{{ read_config("SENDER_SECRET") }}', header: X-Sig, signed: 'v1:{{ request.headers["X-Id"] }}' }
`,
  });
  const body = sampleBody();
  const now = () => String(Math.floor(Date.now() / 1000));

  it('defaults to hex HMAC-SHA256 of the raw bytes: a non-UTF-8 body verifies', async () => {
    const raw = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    const signature = `sha256=${createHmac('sha256', SECRET).update(raw).digest('hex')}`;
    expect((await deliver('/defaults', raw, { 'X-Hub-Signature-256': signature })).status).toBe(200);
    const result = await deliver('/defaults', raw, { 'X-Hub-Signature-256': signature.slice('sha256='.length) });
    expect(result.status).toBe(401);
    expect(result.stderr).toContain('failed: malformed X-Hub-Signature-256 (expected the prefix "sha256=")');
  });

  it('signs what "signed" says, with the body\'s raw bytes in place of {{ body }}', async () => {
    const timestamp = now();
    const signature = createHmac('sha1', SECRET).update(`evt_42:${timestamp}:`).update(body).digest('hex');
    expect((await deliver('/signed', body, { 'X-Id': 'evt_42', 'X-Ts': timestamp, 'X-Sig': signature })).status).toBe(200);
    const otherId = await deliver('/signed', body, { 'X-Id': 'evt_43', 'X-Ts': timestamp, 'X-Sig': signature });
    expect(otherId.status).toBe(401);
    expect(otherId.stderr).toContain('failed: signature mismatch');
  });

  it('refuses to sign content that leaves the body out: a configuration error (500)', async () => {
    const signature = createHmac('sha256', SECRET).update('v1:evt_42').digest('hex');
    const result = await deliver('/body-left-out', body, { 'X-Id': 'evt_42', 'X-Sig': signature });
    expect(result.status).toBe(500);
    expect(result.stderr).toContain('failed: "signed" must contain {{ body }} exactly once');
  });

  it('checks its settings at load', async () => {
    const check = (settings: string) => runCli(['check', writeConfig(`endpoints:\n  - /h:\n      actions:\n        - hmac-verify: ${settings}\n`)], { timeoutMs: 30_000 });
    const md5 = await check('{ secret: s, header: X-Sig, algorithm: md5 }');
    expect(md5.code).toBe(1);
    expect(md5.stderr).toContain('must be one of sha1, sha256, sha512, not "md5"');
    const encoding = await check('{ secret: s, header: X-Sig, encoding: base32 }');
    expect(encoding.stderr).toContain('must be one of hex, base64, not "base32"');
    const tolerance = await check('{ secret: s, header: X-Sig, tolerance: 60 }');
    expect(tolerance.code).toBe(1);
    expect(tolerance.stderr).toContain('needs "timestamp_header"');
    const noHeader = await check('{ secret: s }');
    expect(noHeader.stderr).toContain('missing required key "header"');
  });
});
