import { readFileSync } from 'node:fs';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { githubPushBody, sign } from '../helpers/github-payloads.js';
import { eventually, newRelaySecret, referenceSignedHeaders } from '../relay/relay-helpers.js';
import { buildWorker, RunningWorker } from './worker-harness.js';

const EXAMPLES = join(import.meta.dirname, '../../examples/edge-relay');
const GITHUB_SECRET = 'TopSecret';
const RELAY_SECRET = newRelaySecret();

interface Tapped {
  path: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A pass-through on loopback between the Worker and the relay that keeps a copy of each
 * forward, so that the test can replay or tamper with exactly what the Worker sent.
 */
class Tap {
  readonly seen: Tapped[] = [];
  url = '';
  private server!: Server;

  constructor(private readonly target: string) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const tapped = { path: req.url!, headers: req.headers, body: Buffer.concat(chunks) };
        this.seen.push(tapped);
        void send(this.target, tapped).then(
          async (answer) => res.writeHead(answer.status).end(await answer.text()),
          () => res.writeHead(502).end(),
        );
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}

/** Sends a tapped request again, to `base`, with its headers and bytes. */
function send(base: string, tapped: Tapped, changes: { body?: Buffer; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(tapped.headers)) {
    if (typeof value === 'string' && !['host', 'connection', 'content-length', 'transfer-encoding'].includes(name)) headers.set(name, value);
  }
  for (const [name, value] of Object.entries(changes.headers ?? {})) headers.set(name, value);
  return fetch(base + tapped.path, { method: 'POST', headers, body: new Uint8Array(changes.body ?? tapped.body) });
}

/** The shipped examples end to end: GitHub → Worker in workerd → Node relay on loopback. */
describe('edge relay: examples/edge-relay/worker.yml in workerd → relay.yml on Node', () => {
  let relay: ServerProcess;
  let tap: Tap;
  let worker: RunningWorker;
  let workerFile: string;

  beforeAll(async () => {
    const relayYaml = readFileSync(join(EXAMPLES, 'relay.yml'), 'utf8').replace(/^(\s+port:) \d+$/m, '$1 0');
    relay = await ServerProcess.start(relayYaml, { env: { RELAY_SECRET, GITHUB_SECRET } });
    tap = await new Tap(relay.url).start();
    workerFile = (await buildWorker(readFileSync(join(EXAMPLES, 'worker.yml'), 'utf8'))).file;
    worker = await RunningWorker.start(workerFile, { GITHUB_SECRET, RELAY_SECRET, RELAY_URL: tap.url });
  });
  afterAll(async () => {
    await worker?.dispose();
    await tap?.stop();
    await relay?.stop();
  });

  const body = githubPushBody();
  const githubHeaders = (payload: Buffer, secret = GITHUB_SECRET) => ({
    'Content-Type': 'application/json',
    'X-GitHub-Event': 'push',
    'X-GitHub-Delivery': crypto.randomUUID(),
    'X-Hub-Signature-256': sign('sha256', secret, payload),
  });
  const ranSince = (mark: number) => relay.stdout.slice(mark).includes('deploying');

  it('a signed push is answered by the Worker at once and run by the relay after verify', async () => {
    const relayMark = relay.stdout.length;
    const headers = githubHeaders(body);
    const started = performance.now();
    const response = await worker.request('/github', { method: 'POST', body: new Uint8Array(body), headers });
    const answered = performance.now() - started;
    expect(response).toMatchObject({ status: 200, text: 'OK\n' });
    await eventually(() => ranSince(relayMark), 'the relay to run its command');
    const ran = performance.now() - started;
    console.log(`edge relay round trip: Worker answered in ${answered.toFixed(0)} ms; relay ran its command ${ran.toFixed(0)} ms after the push`);

    expect(relay.linesSince(relayMark)).toEqual([
      expect.stringMatching(/^Webhook signature verified \(webhook-id msg_[0-9a-f]{32}\)$/),
      'GitHub webhook successfully validated',
      'deploying Codertocat/Hello-World at refs/heads/master',
    ]);
    // what crossed the hop: GitHub's bytes and headers unchanged, plus the three signature headers
    const forwarded = tap.seen.at(-1)!;
    expect(forwarded.body.equals(body)).toBe(true);
    expect(forwarded.headers).toMatchObject({
      'x-github-delivery': headers['X-GitHub-Delivery'],
      'x-hub-signature-256': headers['X-Hub-Signature-256'],
      'content-type': 'application/json',
    });
    expect(forwarded.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    await worker.waitFor(`forwarded ${headers['X-GitHub-Delivery']} to the relay: HTTP 200`);
  });

  it('warm round trips: every push runs exactly once on the relay', async () => {
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      const relayMark = relay.stdout.length;
      const started = performance.now();
      expect((await worker.request('/github', { method: 'POST', body: new Uint8Array(body), headers: githubHeaders(body) })).status).toBe(200);
      await eventually(() => ranSince(relayMark), 'the relay to run its command');
      times.push(performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(relay.linesSince(relayMark).filter((line) => line.startsWith('deploying'))).toHaveLength(1);
    }
    times.sort((a, b) => a - b);
    console.log(`edge relay warm round trip (push → relay command done), 5 runs: median ${times[2]!.toFixed(0)} ms, max ${times[4]!.toFixed(0)} ms`);
  });

  it('the relay refuses a replayed forward with nothing run', async () => {
    const forwarded = tap.seen.at(-1)!;
    const relayMark = relay.stdout.length;
    const errMark = relay.stderr.length;
    expect((await send(relay.url, forwarded)).status).toBe(401);
    await eventually(
      () => relay.stderr.slice(errMark).includes(`action 0 (verify) failed: Message already accepted: webhook-id ${forwarded.headers['webhook-id']} is a replay`),
      'the relay to log why',
    );
    expect(ranSince(relayMark)).toBe(false);
  });

  it('the relay refuses a tampered forward with nothing run', async () => {
    const forwarded = tap.seen.at(-1)!;
    const tampered = Buffer.from(forwarded.body);
    tampered[tampered.indexOf('refs/heads/master') + 10] ^= 1;
    const relayMark = relay.stdout.length;
    const errMark = relay.stderr.length;
    expect((await send(relay.url, forwarded, { body: tampered, headers: { 'webhook-id': 'msg_tampered' } })).status).toBe(401);
    await eventually(() => relay.stderr.slice(errMark).includes('action 0 (verify) failed: No matching signature found (webhook-id msg_tampered)'), 'the relay to log why');
    expect(ranSince(relayMark)).toBe(false);
  });

  it('the relay refuses a stale forward, correctly signed 6 minutes ago, with nothing run', async () => {
    const forwarded = tap.seen.at(-1)!;
    const relayMark = relay.stdout.length;
    const errMark = relay.stderr.length;
    const stale = referenceSignedHeaders(RELAY_SECRET, 'msg_stale', forwarded.body, 360);
    expect((await send(relay.url, forwarded, { headers: stale })).status).toBe(401);
    await eventually(() => /action 0 \(verify\) failed: Message timestamp too old \(webhook-id msg_stale, 36\d s ago\)/.test(relay.stderr.slice(errMark)), 'the relay to log why');
    expect(ranSince(relayMark)).toBe(false);
  });

  it('a push with a bad GitHub signature gets 401 at the edge and is never forwarded', async () => {
    const tapped = tap.seen.length;
    const response = await worker.request('/github', { method: 'POST', body: new Uint8Array(body), headers: githubHeaders(body, 'not-the-secret') });
    // the sender check of an async endpoint runs before the answer; the forward never started
    expect(response).toMatchObject({ status: 401, text: 'Invalid signature' });
    await worker.waitFor(/POST \/github: action 0 \(github-verify\) failed: GitHub webhook validation failed/);
    expect(tap.seen.length).toBe(tapped);
  });

  it('a forward the relay refuses is logged by the Worker with the request id and the webhook-id', async () => {
    const misconfigured = await RunningWorker.start(workerFile, { GITHUB_SECRET, RELAY_SECRET: newRelaySecret(), RELAY_URL: tap.url });
    try {
      const relayMark = relay.stdout.length;
      expect((await misconfigured.request('/github', { method: 'POST', body: new Uint8Array(body), headers: githubHeaders(body) })).status).toBe(200);
      await misconfigured.waitFor(/\[[\w-]+\] POST \/github: action 1 \(http\) failed: HTTP call failed \(HTTP 401\) \[webhook-id msg_[0-9a-f]{32}\]/);
      expect(ranSince(relayMark)).toBe(false);
      expect(misconfigured.output).not.toContain(RELAY_SECRET.slice('whsec_'.length));
    } finally {
      await misconfigured.dispose();
    }
  });
});
