import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';
import type { Received } from '../helpers/receiver.js';
import { CONFIGURED_NAMES, expectCrossOriginResend, listenLocally, redirectAction, redirectingRecorder, redirectTo } from './redirect-hops.js';

// The http action's redirects with verify: false, where the Node runtime sends over node:https
// instead of fetch (adapters/node-platform/fetch-with-tls.ts): each hop must behave as over fetch
// (http-redirects.test.ts). Real servers on 127.0.0.1 on different ports, so different origins (and
// one HTTPS). Each answers /redirect/<status>?to=<url> with that redirect and records every request.
const firstSeen: Received[] = [];
const secondSeen: Received[] = [];
const secureSeen: Received[] = [];
let first: Server;
let second: Server;
let secure: Server;
let server: ServerProcess;
let A = '';
let B = '';
let S = '';

const action = (target: string) => redirectAction(target, { verify: false });

beforeAll(async () => {
  first = createHttpServer(redirectingRecorder(firstSeen));
  second = createHttpServer(redirectingRecorder(secondSeen));
  const dir = tempDir();
  execFileSync(
    'openssl',
    ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem')],
    { stdio: 'ignore' },
  );
  secure = createHttpsServer({ key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) }, redirectingRecorder(secureSeen));
  A = `http://127.0.0.1:${await listenLocally(first)}`;
  B = `http://127.0.0.1:${await listenLocally(second)}`;
  S = `https://127.0.0.1:${await listenLocally(secure)}`;
  server = await ServerProcess.start(`
server: { port: 0 }
endpoints:
  - /cross-307:
      actions:${action(redirectTo(A, 307, `${B}/landing`))}
  - /https:
      actions:${action(redirectTo(S, 308, `${B}/landing`))}
  - /loop:
      actions:${action(`${A}/loop`)}
`);
});

afterAll(async () => {
  await server?.stop();
  for (const s of [first, second, secure]) {
    s?.closeAllConnections();
    s?.close();
  }
});

function clear() {
  firstSeen.length = 0;
  secondSeen.length = 0;
  secureSeen.length = 0;
}

describe('http action redirects with verify: false', () => {
  it('a cross-origin 307 resends the body but none of the configured headers', async () => {
    clear();
    const mark = server.stdout.length;
    expect((await server.post('/cross-307')).status).toBe(200);
    expect(server.linesSince(mark)).toEqual([`final 200 ${B}/landing landed on POST /landing`]);
    expectCrossOriginResend(firstSeen, secondSeen);
  });

  it('follows an HTTPS redirect too, dropping the headers at the new origin', async () => {
    clear();
    const mark = server.stdout.length;
    expect((await server.post('/https')).status).toBe(200);
    expect(server.linesSince(mark)).toEqual([`final 200 ${B}/landing landed on POST /landing`]);
    expect(secureSeen[0]!.headers['x-api-key']).toBe('api-key-9d1e');
    for (const name of CONFIGURED_NAMES) expect(secondSeen[0]!.headers[name], name).toBeUndefined();
  });

  it('gives up after 10 redirects', async () => {
    clear();
    expect((await server.post('/loop')).status).toBe(500);
    await server.waitFor('stderr', /failed: HTTP POST to http:\/\/127\.0\.0\.1:\d+\/loop failed: more than 10 redirects/);
    expect(firstSeen).toHaveLength(11);
  });
});
