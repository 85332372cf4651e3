import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';
import { Receiver } from '../helpers/receiver.js';

// Every request has an id: the sender's X-Request-Id when sane, else its delivery id, else a new
// one. The same id is on the access line, the failure lines, the X-Request-Id answer header, in
// templates as request.id, and on the http action's outgoing request.
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

const receiver = new Receiver();
let server: InProcessServer;

beforeAll(async () => {
  await receiver.start();
  server = await InProcessServer.start(
    `
server: { port: 0 }
endpoints:
  - /hello:
      actions:
        - log: { message: 'id={{ request.id }}' }
  - /checked:
      headers: { X-Event: '^push$' }
      actions:
        - log: { message: 'never printed' }
  - /fails:
      actions:
        - log: { message: 'first {{ request.id }}' }
        - eval: { block: "{{ error('boom') }}" }
  - /relay:
      actions:
        - http: { target: '${receiver.url}/in', body: 'x' }
  - /relay-own-id:
      actions:
        - http: { target: '${receiver.url}/own', body: 'x', headers: { x-request-id: 'set-by-config' } }
`,
    { accessLog: true },
  );
});

afterAll(async () => {
  await server?.stop();
  await receiver.stop();
});

/** The access line of the last request to `path`, and the id at its end. */
function accessLine(path: string): { line: string; id: string } {
  const lines = server.stderr.split('\n').filter((line) => line.includes(`"POST ${path} HTTP/1.1"`));
  const line = lines.at(-1) ?? '';
  return { line, id: /\[([^\]]+)\]$/.exec(line)?.[1] ?? '' };
}

describe('where the id comes from', () => {
  it("the sender's X-Request-Id when it is sane", async () => {
    const answer = await server.post('/hello', { a: 1 }, { 'X-Request-Id': 'req-42.a_b:c', 'X-GitHub-Delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' });
    expect(answer.headers.get('x-request-id')).toBe('req-42.a_b:c');
    expect(server.stdout).toContain('id=req-42.a_b:c\n');
    expect(accessLine('/hello').id).toBe('req-42.a_b:c');
  });

  it('the delivery id (X-GitHub-Delivery, X-Gitlab-Event-UUID, webhook-id) when there is no sane X-Request-Id', async () => {
    const cases: [Record<string, string>, string][] = [
      [{ 'X-GitHub-Delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958' }, '72d3162e-cc78-11e3-81ab-4c9367dc0958'],
      [{ 'X-Gitlab-Event-UUID': '13792a34-cac6-4fda-95a8-c58e00a3954e', 'X-Request-Id': 'has space' }, '13792a34-cac6-4fda-95a8-c58e00a3954e'],
      [{ 'webhook-id': 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W', 'X-Request-Id': 'x'.repeat(129) }, 'msg_2KWPBgLlAfxdpx2AI54pPJ85f4W'],
      [{ 'X-Gitea-Delivery': 'bd5b6d0d-6f0b-4d3e-8a5e-2d1d3f0a9c11', 'X-Request-Id': '[forged] POST' }, 'bd5b6d0d-6f0b-4d3e-8a5e-2d1d3f0a9c11'],
    ];
    for (const [headers, id] of cases) {
      const answer = await server.post('/hello', { a: 1 }, headers);
      expect(answer.headers.get('x-request-id')).toBe(id);
      expect(accessLine('/hello').id).toBe(id);
    }
  });

  it('a new UUID for each request otherwise, or when every candidate is unfit', async () => {
    const first = await server.post('/hello', { a: 1 });
    const second = await server.post('/hello', { a: 1 }, { 'X-Request-Id': 'quote"d', 'X-GitHub-Delivery': 'new\u00e9' });
    const ids = [first.headers.get('x-request-id')!, second.headers.get('x-request-id')!];
    expect(ids[0]).toMatch(UUID);
    expect(ids[1]).toMatch(UUID);
    expect(ids[0]).not.toBe(ids[1]);
  });
});

describe('where the id appears', () => {
  // the Node server's own route (/healthz) carries it too: test/healthz/healthz.test.ts
  it('on every answer: 404, 405, 409, 500', async () => {
    for (const [path, init, status] of [
      ['/nowhere', { method: 'POST' }, 404],
      ['/hello', { method: 'PUT' }, 405],
      ['/checked', { method: 'POST', headers: { 'X-Event': 'pull' } }, 409],
      ['/fails', { method: 'POST' }, 500],
    ] as const) {
      const answer = await server.request(path, { ...init, headers: { ...('headers' in init ? init.headers : {}), 'X-Request-Id': `id-${status}` } });
      expect(answer.status).toBe(status);
      expect(answer.headers.get('x-request-id')).toBe(`id-${status}`);
    }
  });

  it('on the access line (after the Werkzeug line, the address first) and on the failure line', async () => {
    await server.post('/fails', undefined, { 'X-Request-Id': 'follow-me' });
    expect(accessLine('/fails').line).toMatch(/^127\.0\.0\.1 - - \[[^\]]+\] "POST \/fails HTTP\/1\.1" 500 - \[follow-me\]$/);
    expect(server.stderr).toContain('[follow-me] POST /fails: action 1 (eval) failed: boom\n');
    // action output prints as the original printed it (text format); request.id names the request
    expect(server.stdout).toContain('first follow-me\n');
  });

  it("is sent as X-Request-Id by the http action, unless the action's headers set it", async () => {
    await server.post('/relay', undefined, { 'X-GitHub-Delivery': 'd-1' });
    expect(receiver.last().path).toBe('/in');
    expect(receiver.last().headers['x-request-id']).toBe('d-1');

    const answer = await server.post('/relay');
    expect(receiver.last().headers['x-request-id']).toBe(answer.headers.get('x-request-id'));
    expect(receiver.last().headers['x-request-id']).toMatch(UUID);

    await server.post('/relay-own-id', undefined, { 'X-Request-Id': 'incoming' });
    expect(receiver.last().path).toBe('/own');
    expect(receiver.last().headers['x-request-id']).toBe('set-by-config');
  });
});
