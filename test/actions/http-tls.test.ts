import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';

// A real HTTPS receiver with a self-signed certificate for 127.0.0.1, made by openssl.
const dir = tempDir();
const keyFile = join(dir, 'key.pem');
const certFile = join(dir, 'cert.pem');
let https: Server;
let server: ServerProcess;

beforeAll(async () => {
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', keyFile, '-out', certFile], {
    stdio: 'ignore',
  });
  https = createServer({ key: readFileSync(keyFile), cert: readFileSync(certFile) }, (_req, res) => res.end('secure hello'));
  await new Promise<void>((resolve) => https.listen(0, '127.0.0.1', resolve));
  const target = `https://127.0.0.1:${(https.address() as AddressInfo).port}/`;
  server = await ServerProcess.start(`
server: { port: 0 }
endpoints:
  - /default:
      actions:
        - http: { target: '${target}', output: '{{ response.text }}' }
  - /no-verify:
      actions:
        - http: { target: '${target}', verify: false, output: '{{ response.text }}' }
  - /ca-bundle:
      actions:
        - http: { target: '${target}', verify: '${certFile}', output: '{{ response.text }}' }
`);
});
afterAll(async () => {
  await server.stop();
  https.close();
});

it('refuses a certificate it cannot verify by default', async () => {
  expect((await server.post('/default')).status).toBe(500);
  await server.waitFor('stderr', /\(http\) failed: HTTP POST to https:\/\/127\.0\.0\.1:\d+\/ failed: /);
});

it('verify: false accepts it', async () => {
  const mark = server.stdout.length;
  expect((await server.post('/no-verify')).status).toBe(200);
  expect(server.linesSince(mark)).toEqual(['secure hello']);
});

it('verify: <CA bundle path> trusts that CA', async () => {
  const mark = server.stdout.length;
  expect((await server.post('/ca-bundle')).status).toBe(200);
  expect(server.linesSince(mark)).toEqual(['secure hello']);
});
