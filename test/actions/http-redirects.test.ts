import { createServer as createHttpServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';
import type { Received } from '../helpers/receiver.js';
import { CONFIGURED_NAMES, expectCrossOriginResend, listenLocally, redirectAction, redirectingRecorder, redirectTo } from './redirect-hops.js';

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

const action = (target: string) => redirectAction(target);

beforeAll(async () => {
  first = createHttpServer(redirectingRecorder(firstSeen));
  second = createHttpServer(redirectingRecorder(secondSeen));
  A = `http://127.0.0.1:${await listenLocally(first)}`;
  B = `http://127.0.0.1:${await listenLocally(second)}`;
  server = await InProcessServer.start(`
server: { port: 0 }
endpoints:
  - /same-origin:
      actions:${action(redirectTo(A, 307, `${A}/landing`))}
  - /cross-307:
      actions:${action(redirectTo(A, 307, `${B}/landing`))}
  - /cross-302:
      actions:${action(redirectTo(A, 302, `${B}/landing`))}
  - /back-home:
      actions:${action(redirectTo(A, 307, redirectTo(B, 307, `${A}/landing`)))}
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

describe('http action redirects', () => {
  it('keeps the configured headers and the body on a same-origin 307', async () => {
    clear();
    const mark = server.stdout.length;
    expect((await server.post('/same-origin')).status).toBe(200);
    expect(server.linesSince(mark)).toEqual([`final 200 ${A}/landing landed on POST /landing`]);
    const landed = firstSeen.at(-1)!;
    for (const name of CONFIGURED_NAMES) expect(landed.headers[name], name).toBeDefined();
    expect(landed.body).toBe('{"event":"push"}');
  });

  it('a cross-origin 307 resends the body but none of the configured headers', async () => {
    clear();
    const mark = server.stdout.length;
    expect((await server.post('/cross-307')).status).toBe(200);
    expect(server.linesSince(mark)).toEqual([`final 200 ${B}/landing landed on POST /landing`]);
    expectCrossOriginResend(firstSeen, secondSeen);
  });

  it('a cross-origin 302 after a POST becomes a GET without body or headers', async () => {
    clear();
    const mark = server.stdout.length;
    expect((await server.post('/cross-302')).status).toBe(200);
    expect(server.linesSince(mark)).toEqual([`final 200 ${B}/landing landed on GET /landing`]);
    const landed = secondSeen[0]!;
    expect(landed.body).toBe('');
    for (const name of [...CONFIGURED_NAMES, 'content-type']) expect(landed.headers[name], name).toBeUndefined();
  });

  it('headers dropped at another origin stay dropped when a redirect comes back', async () => {
    clear();
    expect((await server.post('/back-home')).status).toBe(200);
    expect(firstSeen.map((seen) => seen.path)).toEqual([expect.stringMatching(/^\/redirect\/307/), '/landing']);
    for (const name of CONFIGURED_NAMES) expect(firstSeen[1]!.headers[name], name).toBeUndefined();
  });

  it('gives up after 10 redirects', async () => {
    clear();
    expect((await server.post('/loop')).status).toBe(500);
    await server.waitFor('stderr', /failed: HTTP POST to http:\/\/127\.0\.0\.1:\d+\/loop failed: more than 10 redirects/);
    expect(firstSeen).toHaveLength(11);
  });
});
