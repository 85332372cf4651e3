import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile } from '../../adapters/node/load-config-file.js';
import { ServerProcess, runCli, writeConfig } from '../helpers/cli.js';
import { githubPushBody } from '../helpers/github-payloads.js';
import { newRelaySecret, referenceSignedHeaders } from './relay-helpers.js';

const SECRET = newRelaySecret();
const body = githubPushBody();

/** The relay side alone, fed messages signed by the reference Standard Webhooks library. */
describe('verify action (relay side)', () => {
  let relay: ServerProcess;
  let counter = 0;
  const nextId = () => `msg_test_${++counter}`;

  beforeAll(async () => {
    relay = await ServerProcess.start(
      `
server: { port: 0 }
endpoints:
  - /deploy:
      actions:
        - verify:
            secret: '{{ read_config("RELAY_SECRET") }}'
        - execute:
            command: 'echo "deployed $REF"'
            env: { REF: '{{ request.json.ref }}' }
  - /other:
      actions:
        - verify:
            secret: '{{ read_config("RELAY_SECRET") }}'
        - log: { message: 'other ran' }
  - /strict:
      actions:
        - verify:
            secret: '{{ read_config("RELAY_SECRET") }}'
            tolerance: 10
            output: 'strict ok {{ webhook_id }}'
`,
      { env: { RELAY_SECRET: SECRET } },
    );
  });
  afterAll(async () => relay.stop());

  async function send(path: string, payload: Buffer, headers: Record<string, string>) {
    const mark = relay.stdout.length;
    const errMark = relay.stderr.length;
    const response = await relay.request(path, { method: 'POST', body: new Uint8Array(payload), headers: { 'Content-Type': 'application/json', ...headers } });
    return { status: response.status, lines: relay.linesSince(mark), stderr: relay.stderr.slice(errMark) };
  }

  it('accepts a message signed by the reference library and runs the following actions', async () => {
    const id = nextId();
    const result = await send('/deploy', body, referenceSignedHeaders(SECRET, id, body));
    expect(result.status).toBe(200);
    expect(result.lines).toEqual([`Webhook signature verified (webhook-id ${id})`, 'deployed refs/heads/master']);
  });

  it('refuses a replay of an accepted message, and the same message on another endpoint', async () => {
    const headers = referenceSignedHeaders(SECRET, nextId(), body);
    expect((await send('/deploy', body, headers)).status).toBe(200);
    const replay = await send('/deploy', body, headers);
    expect(replay.status).toBe(401);
    expect(replay.lines).toEqual([]);
    expect(replay.stderr).toContain(`action 0 (verify) failed: Message already accepted: webhook-id ${headers['webhook-id']} is a replay`);
    // the signature does not cover the path: the cache is shared by every endpoint
    const elsewhere = await send('/other', body, headers);
    expect(elsewhere.status).toBe(401);
    expect(elsewhere.lines).toEqual([]);
  });

  it('refuses a tampered byte with nothing run', async () => {
    const headers = referenceSignedHeaders(SECRET, nextId(), body);
    const tampered = Buffer.from(body);
    tampered[body.indexOf('Codertocat') + 1] ^= 1;
    const result = await send('/deploy', tampered, headers);
    expect(result.status).toBe(401);
    expect(result.lines).toEqual([]);
    expect(result.stderr).toContain(`action 0 (verify) failed: No matching signature found (webhook-id ${headers['webhook-id']})`);
  });

  it('does not remember ids of refused messages: the genuine one still passes after a forgery', async () => {
    const id = nextId();
    const forged = referenceSignedHeaders(newRelaySecret(), id, body);
    expect((await send('/deploy', body, forged)).status).toBe(401);
    expect((await send('/deploy', body, referenceSignedHeaders(SECRET, id, body))).status).toBe(200);
  });

  it('refuses timestamps more than 5 minutes away, either way, and accepts within', async () => {
    const stale = await send('/deploy', body, referenceSignedHeaders(SECRET, nextId(), body, 301));
    expect(stale.status).toBe(401);
    expect(stale.stderr).toMatch(/Message timestamp too old \(webhook-id msg_test_\d+, 30\d s ago\)/);
    expect(stale.lines).toEqual([]);
    const future = await send('/deploy', body, referenceSignedHeaders(SECRET, nextId(), body, -400));
    expect(future.status).toBe(401);
    expect(future.stderr).toContain('Message timestamp too new');
    expect((await send('/deploy', body, referenceSignedHeaders(SECRET, nextId(), body, 280))).status).toBe(200);
  });

  it('takes its window from "tolerance"', async () => {
    expect((await send('/strict', body, referenceSignedHeaders(SECRET, nextId(), body, 60))).status).toBe(401);
    const id = nextId();
    const fresh = await send('/strict', body, referenceSignedHeaders(SECRET, id, body));
    expect(fresh).toMatchObject({ status: 200, lines: [`strict ok ${id}`] });
  });

  it('refuses a message without the three headers', async () => {
    const headers = referenceSignedHeaders(SECRET, nextId(), body);
    for (const missing of ['webhook-id', 'webhook-timestamp', 'webhook-signature']) {
      const partial = Object.fromEntries(Object.entries(headers).filter(([name]) => name !== missing));
      const result = await send('/deploy', body, partial);
      expect(result.status).toBe(401);
      expect(result.stderr).toContain('Missing webhook-id, webhook-timestamp or webhook-signature header');
    }
  });

  it('accepts any one valid v1 signature among several (key rotation)', async () => {
    const headers = referenceSignedHeaders(SECRET, nextId(), body);
    const other = referenceSignedHeaders(newRelaySecret(), headers['webhook-id']!, body)['webhook-signature'];
    headers['webhook-signature'] = `v1a,xyz ${other} ${headers['webhook-signature']}`;
    expect((await send('/deploy', body, headers)).status).toBe(200);
  });

  it('refuses more than 10 signatures before computing anything, and finds the genuine one among 10', async () => {
    const headers = referenceSignedHeaders(SECRET, nextId(), body);
    const junk = (count: number) => Array.from({ length: count }, (_, i) => `v1,${Buffer.alloc(32, i).toString('base64')}`).join(' ');
    const flood = await send('/deploy', body, { ...headers, 'webhook-signature': `${junk(100)} ${headers['webhook-signature']}` });
    expect(flood).toMatchObject({ status: 401, lines: [] });
    expect(flood.stderr).toContain(`action 0 (verify) failed: Too many signatures (101; at most 10) (webhook-id ${headers['webhook-id']})`);
    // entries of the wrong length (and other versions) are skipped without being decoded
    const mixed = `v1,${'A'.repeat(400)} v2,abc ${junk(7)} ${headers['webhook-signature']}`;
    expect((await send('/deploy', body, { ...headers, 'webhook-signature': mixed })).status).toBe(200);
  });

  it('never prints the secret', () => {
    expect(relay.stdout + relay.stderr).not.toContain(SECRET.slice('whsec_'.length));
  });

  it('checks its settings at load', async () => {
    const noSecret = await runCli(['check', writeConfig('endpoints:\n  - /r:\n      actions:\n        - verify: { tolerance: 10 }\n')], { timeoutMs: 30_000 });
    expect(noSecret.code).toBe(1);
    expect(noSecret.stderr).toMatch(/server\.yml:4:\d+ .*verify.*missing required key "secret"/);
    const badTolerance = writeConfig('endpoints:\n  - /r:\n      actions:\n        - verify: { secret: s, tolerance: soon }\n');
    await expect(loadConfigFile(badTolerance, () => undefined)).rejects.toThrow(/server\.yml:4:\d+ .*tolerance.*must be a number of seconds/);
  });
});
