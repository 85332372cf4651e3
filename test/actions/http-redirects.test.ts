import { createServer as createHttpServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';
import type { Received } from '../helpers/receiver.js';
import { listenLocally, redirectingRecorder } from './redirect-hops.js';

// Real servers on 127.0.0.1 on different ports, so different origins. Each answers
// /redirect/<status>?to=<url> with that redirect and records every request it gets. The same hops
// over the Node runtime's node:https path (verify: false) are in http-redirects-no-verify.test.ts.
const firstSeen: Received[] = [];
const secondSeen: Received[] = [];
let first: Server;
let second: Server;
let server: InProcessServer;
let A = '';
let B = '';

const SECRET_HEADERS = { 'X-Api-Key': 'api-key-9d1e', Authorization: 'Bearer token-77aa', Cookie: 'session=cookie-5b2c', 'X-Custom': 'configured' };

function action(target: string) {
  return `
        - http:
            target: '${target}'
            headers: ${JSON.stringify(SECRET_HEADERS)}
            json: true
            body: { event: 'push' }
            sign: { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }
            output: 'final {{ response.status_code }} {{ response.url }} {{ response.text }}'`;
}

beforeAll(async () => {
  first = createHttpServer(redirectingRecorder(firstSeen));
  second = createHttpServer(redirectingRecorder(secondSeen));
  A = `http://127.0.0.1:${await listenLocally(first)}`;
  B = `http://127.0.0.1:${await listenLocally(second)}`;
  const to = (base: string, status: number, target: string) => `${base}/redirect/${status}?to=${encodeURIComponent(target)}`;
  server = await InProcessServer.start(`
server: { port: 0 }
endpoints:
  - /same-origin:
      actions:${action(to(A, 307, `${A}/landing`))}
  - /cross-307:
      actions:${action(to(A, 307, `${B}/landing`))}
  - /cross-302:
      actions:${action(to(A, 302, `${B}/landing`))}
  - /back-home:
      actions:${action(to(A, 307, to(B, 307, `${A}/landing`)))}
  - /loop:
      actions:${action(`${A}/loop`)}
`);
});

afterAll(async () => {
  await server?.stop();
  for (const s of [first, second]) {
    s?.closeAllConnections();
    s?.close();
  }
});

function clear() {
  firstSeen.length = 0;
  secondSeen.length = 0;
}

const configuredNames = ['x-api-key', 'authorization', 'cookie', 'x-custom', 'webhook-id', 'webhook-timestamp', 'webhook-signature'];

describe('http action redirects', () => {
  it('keeps the configured headers and the body on a same-origin 307', async () => {
    clear();
    const mark = server.stdout.length;
    expect((await server.post('/same-origin')).status).toBe(200);
    expect(server.linesSince(mark)).toEqual([`final 200 ${A}/landing landed on POST /landing`]);
    const landed = firstSeen.at(-1)!;
    for (const name of configuredNames) expect(landed.headers[name], name).toBeDefined();
    expect(landed.body).toBe('{"event":"push"}');
  });

  it('a cross-origin 307 resends the body but none of the configured headers', async () => {
    clear();
    const mark = server.stdout.length;
    expect((await server.post('/cross-307')).status).toBe(200);
    expect(server.linesSince(mark)).toEqual([`final 200 ${B}/landing landed on POST /landing`]);
    // the first origin got everything; the second none of it
    for (const name of configuredNames) expect(firstSeen[0]!.headers[name], name).toBeDefined();
    expect(secondSeen).toHaveLength(1);
    const landed = secondSeen[0]!;
    for (const name of configuredNames) expect(landed.headers[name], name).toBeUndefined();
    expect(JSON.stringify(landed.headers)).not.toMatch(/api-key-9d1e|token-77aa|cookie-5b2c|v1,/);
    expect(landed.body).toBe('{"event":"push"}');
    expect(landed.headers['content-type']).toBe('application/json');
  });

  it('a cross-origin 302 after a POST becomes a GET without body or headers', async () => {
    clear();
    const mark = server.stdout.length;
    expect((await server.post('/cross-302')).status).toBe(200);
    expect(server.linesSince(mark)).toEqual([`final 200 ${B}/landing landed on GET /landing`]);
    const landed = secondSeen[0]!;
    expect(landed.body).toBe('');
    for (const name of [...configuredNames, 'content-type']) expect(landed.headers[name], name).toBeUndefined();
  });

  it('headers dropped at another origin stay dropped when a redirect comes back', async () => {
    clear();
    expect((await server.post('/back-home')).status).toBe(200);
    expect(firstSeen.map((seen) => seen.path)).toEqual([expect.stringMatching(/^\/redirect\/307/), '/landing']);
    for (const name of configuredNames) expect(firstSeen[1]!.headers[name], name).toBeUndefined();
  });

  it('gives up after 10 redirects', async () => {
    clear();
    expect((await server.post('/loop')).status).toBe(500);
    await server.waitFor('stderr', /failed: HTTP POST to http:\/\/127\.0\.0\.1:\d+\/loop failed: more than 10 redirects/);
    expect(firstSeen).toHaveLength(11);
  });
});
