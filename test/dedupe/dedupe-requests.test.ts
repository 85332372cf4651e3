import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubPushBody, sign } from '../helpers/github-payloads.js';
import { InProcessServer } from '../helpers/in-process.js';

const SECRET = 'dedupe-test-secret';

/** Each test uses its own delivery ids, so the tests do not depend on each other's order. */
let counter = 0;
const freshId = () => `72d3162e-cc78-11e3-81ab-4c9367dc${String(++counter).padStart(4, '0')}`;

describe('dedupe: a delivery id accepted once is not run again', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await InProcessServer.start(
      `
endpoints:
  - /github:
      dedupe: '{{ request.headers["X-GitHub-Delivery"] }}'
      actions:
        - github-verify:
            secret: ${SECRET}
            output: ''
        - log:
            message: 'ran {{ request.headers["X-GitHub-Delivery"] }}'
  - /plain:
      dedupe: '{{ request.headers.get("X-Delivery") }}'
      dedupe_window: 10m
      actions:
        - log:
            message: 'plain {{ request.headers.get("X-Delivery") }}'
  - /async:
      async: true
      dedupe: '{{ request.json.id }}'
      actions:
        - github-verify:
            secret: ${SECRET}
            output: ''
        - log:
            message: 'async {{ request.json.id }}'
  - /flaky:
      dedupe: '{{ request.headers["X-Delivery"] }}'
      actions:
        - log:
            message: 'flaky {{ request.headers["X-Delivery"] }}'
        - eval:
            block: '{% if request.headers["X-Fail"] == "yes" %}{{ error("down") }}{% endif %}'
`,
    );
  });
  afterAll(async () => server.stop());

  const body = githubPushBody();
  const github = (id: string, signature = sign('sha256', SECRET, body)) =>
    server.request('/github', {
      method: 'POST',
      body: new Uint8Array(body),
      headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-GitHub-Delivery': id, 'X-Hub-Signature-256': signature },
    });
  const ran = (line: string) => server.stdout.split('\n').filter((candidate) => candidate === line).length;

  it('the same delivery twice runs once; the second is answered 200 Duplicate delivery', async () => {
    const id = freshId();
    const first = await github(id);
    expect(first).toMatchObject({ status: 200, text: 'OK\n' });
    const second = await github(id);
    expect(second).toMatchObject({ status: 200, text: 'Duplicate delivery' });
    expect(ran(`ran ${id}`)).toBe(1);
    expect(server.stdout).toContain(`POST /github: dedupe: duplicate delivery "${id}", no action ran`);
  });

  it('different ids run each', async () => {
    const [a, b] = [freshId(), freshId()];
    expect((await github(a)).text).toBe('OK\n');
    expect((await github(b)).text).toBe('OK\n');
    expect([ran(`ran ${a}`), ran(`ran ${b}`)]).toEqual([1, 1]);
  });

  it('the same id on another endpoint is another delivery', async () => {
    const id = freshId();
    await server.post('/plain', {}, { 'X-Delivery': id });
    expect((await server.post('/flaky', {}, { 'X-Delivery': id })).text).toBe('OK\n');
    expect([ran(`plain ${id}`), ran(`flaky ${id}`)]).toEqual([1, 1]);
  });

  it('an empty or missing id is never a duplicate', async () => {
    const before = ran('plain None') + ran('plain ');
    for (let i = 0; i < 2; i++) {
      expect((await server.post('/plain', {}, { 'X-Delivery': '' })).text).toBe('OK\n');
      expect((await server.post('/plain', {})).text).toBe('OK\n');
    }
    expect(ran('plain None') + ran('plain ') - before).toBe(4);
  });

  it('a forged request carrying a genuine delivery id is refused and does not use the id up', async () => {
    const id = freshId();
    const forged = await github(id, sign('sha256', 'not-the-secret', body));
    expect(forged).toMatchObject({ status: 401, text: 'Invalid signature' });
    const genuine = await github(id);
    expect(genuine).toMatchObject({ status: 200, text: 'OK\n' });
    expect(ran(`ran ${id}`)).toBe(1);
  });

  it('async endpoints: the id is claimed after the sender check, before the answer', async () => {
    const id = freshId();
    const payload = Buffer.from(JSON.stringify({ id }));
    const send = (secret: string) =>
      server.request('/async', { method: 'POST', body: new Uint8Array(payload), headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': sign('sha256', secret, payload) } });
    expect((await send('forged')).status).toBe(401);
    expect(await send(SECRET)).toMatchObject({ status: 200, text: 'OK\n' });
    await server.waitFor('stdout', new RegExp(`^async ${id}$`, 'm'));
    expect(await send(SECRET)).toMatchObject({ status: 200, text: 'Duplicate delivery' });
    expect(ran(`async ${id}`)).toBe(1);
  });

  it("a sync request whose actions failed does not count: the sender's retry runs", async () => {
    const id = freshId();
    expect((await server.post('/flaky', {}, { 'X-Delivery': id, 'X-Fail': 'yes' })).status).toBe(500);
    expect(await server.post('/flaky', {}, { 'X-Delivery': id })).toMatchObject({ status: 200, text: 'OK\n' });
    expect(await server.post('/flaky', {}, { 'X-Delivery': id })).toMatchObject({ status: 200, text: 'Duplicate delivery' });
    expect(ran(`flaky ${id}`)).toBe(2);
  });
});
