import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../adapters/node/load-config-file.js';
import { ServerProcess, runCli, writeConfig } from '../helpers/cli.js';
import { Receiver } from '../helpers/receiver.js';
import { newRelaySecret } from './relay-helpers.js';

const SECRET = newRelaySecret();

/** The `http` action's `sign`, `forward_body` and `forward_headers`, checked by a plain receiver. */
describe('http action: sign and forward', () => {
  let receiver: Receiver;
  let server: ServerProcess;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    server = await ServerProcess.start(
      `
server: { port: 0 }
endpoints:
  - /signed-json:
      actions:
        - http:
            target: '${receiver.url}/in'
            json: true
            body: { ref: '{{ request.json.ref }}', size: 3 }
            sign: { secret: '{{ read_config("RELAY_SECRET") }}', id: 'msg_{{ request.json.id }}' }
  - /forward:
      actions:
        - http:
            target: '${receiver.url}/in'
            forward_body: true
            forward_headers: [Content-Type, X-Custom, X-Absent]
            headers: { X-Added: 'yes' }
`,
      { env: { RELAY_SECRET: SECRET } },
    );
  });
  afterAll(async () => {
    await server?.stop();
    await receiver?.stop();
  });

  it('signs what it sends so that the reference Standard Webhooks library accepts it', async () => {
    expect((await server.post('/signed-json', { ref: 'main', id: 42 })).status).toBe(200);
    const got = receiver.last();
    expect(got.headers['webhook-id']).toBe('msg_42');
    expect(Math.abs(Number(got.headers['webhook-timestamp']) - Date.now() / 1000)).toBeLessThan(5);
    const headers = {
      'webhook-id': got.headers['webhook-id'] as string,
      'webhook-timestamp': got.headers['webhook-timestamp'] as string,
      'webhook-signature': got.headers['webhook-signature'] as string,
    };
    expect(new Webhook(SECRET).verify(got.body, headers)).toEqual({ ref: 'main', size: 3 });
    expect(() => new Webhook(newRelaySecret()).verify(got.body, headers)).toThrow('No matching signature found');
  });

  it('forward_body sends the incoming bytes and forward_headers copies the named headers present', async () => {
    const raw = Buffer.from('ref=main&x=%FF\r\n\u00e9');
    const response = await server.request('/forward', { method: 'POST', body: new Uint8Array(raw), headers: { 'Content-Type': 'text/x-anything', 'X-Custom': 'a  b' } });
    expect(response.status).toBe(200);
    const got = receiver.last();
    expect(Buffer.from(got.body, 'utf8').equals(raw)).toBe(true);
    expect(got.headers).toMatchObject({ 'content-type': 'text/x-anything', 'x-custom': 'a  b', 'x-added': 'yes', 'content-length': String(raw.length) });
    expect(got.headers).not.toHaveProperty('x-absent');
    expect(got.headers).not.toHaveProperty('webhook-signature');
  });

  it('refuses contradictory or unsafe settings at load, naming file, line and key', async () => {
    const cases: [string, RegExp][] = [
      ['forward_body: true\n            body: x', /forward_body.*cannot be used with "body"/],
      ['forward_body: true\n            json: true', /cannot be used with "json: true"/],
      ['forward_headers: [Host]', /"Host" cannot be forwarded/],
      ['forward_headers: X-One', /must be a list of header names/],
      ['sign: { id: x }', /missing required key "secret"/],
      ['sign: { secret: s, algorithm: sha1 }', /unknown key "algorithm" \(known: secret, id\)/],
      ['sign: s3cr3t', /sign.*must be a mapping/],
    ];
    for (const [settings, message] of cases) {
      const file = writeConfig(`endpoints:\n  - /x:\n      actions:\n        - http:\n            target: http://127.0.0.1:1/\n            ${settings}\n`);
      await expect(
        loadConfigFile(file, () => undefined),
        settings,
      ).rejects.toThrow(message);
      await expect(
        loadConfigFile(file, () => undefined),
        settings,
      ).rejects.toThrow(/server\.yml:\d+:\d+ .*actions\[0\]\.http/);
    }
    // and the CLI says so with exit 1
    const result = await runCli(['check', writeConfig('endpoints:\n  - /x:\n      actions:\n        - http: { target: http://127.0.0.1:1/, sign: { id: x } }\n')], { timeoutMs: 30_000 });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/server\.yml:4:\d+ .*missing required key "secret"/);
  });
});
