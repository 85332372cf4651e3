import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBundle } from '../helpers/build-bundle.js';
import { githubPushBody, sign } from '../helpers/github-payloads.js';
import { Receiver } from '../helpers/receiver.js';

// The built handler behind a real HTTP front: serverless-offline turns HTTP requests into payload 2.0
// events (the shape Function URLs and HTTP APIs send) and the handler's results back into HTTP.
// serverless@3 + serverless-offline come from .ci/setup-lambda.sh, outside the project.
const SERVERLESS_DIR = process.env.WEBHOOK_PROXY_SERVERLESS_DIR ?? '/opt/webhook-proxy-serverless';
const SERVERLESS = join(SERVERLESS_DIR, 'node_modules', '.bin', 'serverless');
const available = existsSync(SERVERLESS);
if (!available && process.env.CI) throw new Error(`serverless-offline is not installed in ${SERVERLESS_DIR}: .ci/setup-lambda.sh installs it`);
if (!available) console.warn(`SKIPPING the serverless-offline tests: ${SERVERLESS} not found (run .ci/setup-lambda.sh)`);

const SECRET = 'offline-secret';
const CONFIG = `
endpoints:
  - /github:
      headers:
        X-GitHub-Event: push
      actions:
        - github-verify:
            secret: '{{ read_config("GITHUB_SECRET") }}'
        - http:
            target: '{{ read_config("RECEIVER_URL") }}/got'
            body: '{{ request.json.pusher.name }}|{{ request.args.get("delivery") }}|{{ request.headers.get("X-GitHub-Event") }}'
  - /raw/<name>:
      actions:
        - github-verify:
            secret: '{{ read_config("GITHUB_SECRET") }}'
        - http:
            target: '{{ read_config("RECEIVER_URL") }}/raw/{{ request.view_args.name }}'
            body: '{{ request.data | length }} bytes'
`;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}

describe.skipIf(!available)('the built handler behind serverless-offline (real HTTP, payload 2.0 events)', () => {
  let offline: ChildProcess;
  let receiver: Receiver;
  let base = '';
  let output = '';
  let dir = '';

  beforeAll(async () => {
    receiver = await new Receiver().start();
    // inside the serverless install, so the service resolves the serverless-offline plugin
    const services = join(SERVERLESS_DIR, 'services');
    mkdirSync(services, { recursive: true });
    dir = mkdtempSync(join(services, 'webhook-proxy-'));
    writeFileSync(join(dir, 'server.yml'), CONFIG);
    await buildBundle({ target: 'lambda', configFile: join(dir, 'server.yml'), outDir: join(dir, 'dist', 'lambda'), warn: () => {} });
    const [httpPort, lambdaPort] = [await freePort(), await freePort()];
    // the repository's serverless.yml, with the function URL replaced by the HTTP API event offline emulates
    writeFileSync(
      join(dir, 'serverless.yml'),
      `service: webhook-proxy-offline
frameworkVersion: '3'
provider:
  name: aws
  runtime: nodejs20.x
  region: eu-west-1
  environment:
    GITHUB_SECRET: ${SECRET}
    RECEIVER_URL: ${receiver.url}
    WEBHOOK_PROXY_ASYNC: inline
functions:
  webhook:
    handler: dist/lambda/index.handler
    events:
      - httpApi: '*'
plugins:
  - serverless-offline
custom:
  serverless-offline:
    host: 127.0.0.1
    httpPort: ${httpPort}
    lambdaPort: ${lambdaPort}
    noPrependStageInUrl: true
`,
    );
    offline = spawn(SERVERLESS, ['offline', 'start'], {
      cwd: dir,
      env: { ...process.env, SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off', SLS_DEPRECATION_DISABLE: '*' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    offline.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    offline.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 90_000;
    while (!output.includes('Server ready')) {
      if (offline.exitCode !== null || Date.now() > deadline) throw new Error(`serverless offline did not start:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
    base = `http://127.0.0.1:${httpPort}`;
  }, 120_000);
  afterAll(async () => {
    if (offline && offline.exitCode === null) {
      offline.kill('SIGTERM');
      await new Promise((resolve) => offline.once('exit', resolve));
    }
    await receiver?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('verifies a signed GitHub push with a non-ASCII body and passes query and headers to templates', async () => {
    const example = JSON.parse(githubPushBody().toString('utf8')) as Record<string, unknown>;
    const body = Buffer.from(JSON.stringify({ ...example, pusher: { name: 'Señor Ünïcode ✓' } }, null, 2));
    const response = await fetch(`${base}/github?delivery=d-1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-github-event': 'push', 'x-hub-signature-256': sign('sha256', SECRET, body) },
      body,
    });
    expect([response.status, await response.text()]).toEqual([200, 'OK\n']);
    expect(receiver.last()).toMatchObject({ path: '/got', body: 'Señor Ünïcode ✓|d-1|push' });
  });

  it('verifies a binary body (not UTF-8) over its exact bytes, arriving base64-encoded', async () => {
    const body = Buffer.from([0xff, 0x00, 0xfe, 0x80, 0x41, 0x0a]);
    const response = await fetch(`${base}/raw/bin`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream', 'x-hub-signature-256': sign('sha256', SECRET, body) },
      body,
    });
    expect(response.status).toBe(200);
    expect(receiver.last()).toMatchObject({ path: '/raw/bin' });
  });

  it('answers 409, 404 and 405 with their texts over HTTP', async () => {
    const invalid = await fetch(`${base}/github`, { method: 'POST', headers: { 'x-github-event': 'issues' }, body: '{}' });
    expect([invalid.status, await invalid.text()]).toEqual([409, 'Invalid payload']);
    const missing = await fetch(`${base}/nowhere`, { method: 'POST' });
    expect([missing.status, await missing.text()]).toEqual([404, 'Not Found']);
    const wrong = await fetch(`${base}/github`, { method: 'PUT' });
    expect([wrong.status, wrong.headers.get('allow')]).toEqual([405, 'OPTIONS, POST']);
  });
});
