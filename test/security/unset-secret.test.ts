import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../helpers/github-payloads.js';
import { InProcessServer } from '../helpers/in-process.js';
import { Receiver } from '../helpers/receiver.js';

/**
 * An unset secret must never authenticate: `read_config` of an unset key renders `None`, and a
 * key or a rule made of that public text would let anyone through. (What `check` and the start-up
 * banner say of such keys is in unset-secret-check.test.ts.)
 */
const CONFIG = `
server: { port: 0 }
endpoints:
  - /github:
      actions:
        - github-verify:
            secret: '{{ read_config("UNSET_GITHUB_SECRET") }}'
        - log:
            message: 'ran /github'
  - /github-async:
      async: true
      actions:
        - github-verify:
            secret: '{{ read_config("UNSET_GITHUB_SECRET") }}'
        - log:
            message: 'ran /github-async'
  - /relay:
      actions:
        - verify:
            secret: '{{ read_config("UNSET_RELAY_SECRET") }}'
        - log:
            message: 'ran /relay'
  - /header-rule:
      headers:
        X-Auth-Key: '{{ read_config("UNSET_AUTH_KEY") }}'
      actions:
        - log:
            message: 'ran /header-rule'
  - /body-rule:
      body:
        token: '{{ read_config("UNSET_BODY_TOKEN") }}'
      actions:
        - log:
            message: 'ran /body-rule'
  - /empty-secret:
      actions:
        - github-verify:
            secret: '{{ read_config("EMPTY_SECRET") }}'
        - log:
            message: 'ran /empty-secret'
  - /set:
      actions:
        - github-verify:
            secret: '{{ read_config("SET_SECRET") }}'
        - log:
            message: 'ran /set'
`;

const body = Buffer.from(JSON.stringify({ ref: 'refs/heads/main', token: 'None' }));
const env = { SET_SECRET: 'the-real-secret', EMPTY_SECRET: '' };

describe('a secret or a rule that depends on an unset read_config key', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await InProcessServer.start(CONFIG, { env });
  });
  afterAll(async () => server.stop());

  const post = (path: string, headers: Record<string, string>) => server.request(path, { method: 'POST', body: new Uint8Array(body), headers: { 'Content-Type': 'application/json', ...headers } });

  it('github-verify refuses a request signed with the key "None" (500) and runs nothing after it', async () => {
    const answer = await post('/github', { 'X-Hub-Signature-256': sign('sha256', 'None', body) });
    expect(answer).toMatchObject({ status: 500, text: 'Internal Server Error' });
    expect(server.stdout).not.toContain('ran /github');
    expect(server.stderr).toMatch(/POST \/github: action 0 \(github-verify\) failed: the secret is not configured/);
  });

  it('on an async endpoint the sender check runs before the answer: 500, not 200, and nothing runs', async () => {
    const answer = await post('/github-async', { 'X-Hub-Signature-256': sign('sha256', 'None', body) });
    expect(answer.status).toBe(500);
    expect(server.stdout).not.toContain('ran /github-async');
  });

  it('verify refuses a message signed with the secret "None"', async () => {
    const secret = `whsec_${Buffer.from('None').toString('base64')}`;
    const id = 'msg_1';
    const timestamp = new Date();
    const signature = new Webhook(secret).sign(id, timestamp, body.toString());
    const answer = await post('/relay', { 'webhook-id': id, 'webhook-timestamp': String(Math.floor(timestamp.getTime() / 1000)), 'webhook-signature': signature });
    expect(answer.status).toBe(500);
    expect(server.stdout).not.toContain('ran /relay');
  });

  it('a secret that is set but empty is a configuration error too', async () => {
    const answer = await post('/empty-secret', { 'X-Hub-Signature-256': sign('sha256', '', body) });
    expect(answer.status).toBe(500);
    expect(server.stdout).not.toContain('ran /empty-secret');
  });

  it('a header rule never matches the text "None" (409) and the failure line shows the rule source, not its rendering', async () => {
    const answer = await post('/header-rule', { 'X-Auth-Key': 'None' });
    expect(answer).toMatchObject({ status: 409, text: 'Invalid payload' });
    expect(server.stdout).not.toContain('ran /header-rule');
    expect(server.stdout).toMatch(/Failed to validate the "X-Auth-Key" header: .*depends on an unset configuration key \(UNSET_AUTH_KEY\)/);
  });

  it('a body rule never matches the text "None" (409)', async () => {
    const answer = await post('/body-rule', {});
    expect(answer.status).toBe(409);
    expect(server.stdout).not.toContain('ran /body-rule');
  });

  it('names each missing key on stderr once, not once per request', async () => {
    for (let i = 0; i < 3; i++) await post('/header-rule', { 'X-Auth-Key': 'None' });
    for (let i = 0; i < 3; i++) await post('/github', { 'X-Hub-Signature-256': sign('sha256', 'None', body) });
    const lines = server.stderr.split('\n');
    const atRunTime = (key: string) => lines.filter((line) => line.includes(`configuration key "${key}" is not set`) && line.includes('refuses requests until it is set')).length;
    expect(atRunTime('UNSET_AUTH_KEY')).toBe(1);
    expect(atRunTime('UNSET_GITHUB_SECRET')).toBe(1);
  });

  it('a set secret still verifies', async () => {
    const answer = await post('/set', { 'X-Hub-Signature-256': sign('sha256', 'the-real-secret', body) });
    expect(answer.status).toBe(200);
    expect(server.stdout).toContain('ran /set');
    const forged = await post('/set', { 'X-Hub-Signature-256': sign('sha256', 'None', body) });
    expect(forged).toMatchObject({ status: 401, text: 'Invalid signature' });
  });
});

describe("signing with an unset secret (the http action's sign)", () => {
  let receiver: Receiver;
  let server: InProcessServer;
  beforeAll(async () => {
    receiver = await new Receiver().start();
    server = await InProcessServer.start(`
server: { port: 0 }
endpoints:
  - /forward:
      actions:
        - http:
            target: ${receiver.url}/relay
            forward_body: true
            sign:
              secret: '{{ read_config("UNSET_RELAY_SIGNING_SECRET") }}'
`);
  });
  afterAll(async () => {
    await server.stop();
    await receiver.stop();
  });

  it('sends nothing: the relay would otherwise get requests signed with a key anyone knows', async () => {
    const answer = await server.post('/forward', { ref: 'main' });
    expect(answer.status).toBe(500);
    expect(receiver.received).toHaveLength(0);
    expect(server.stderr).toContain('configuration key "UNSET_RELAY_SIGNING_SECRET" is not set');
  });
});
