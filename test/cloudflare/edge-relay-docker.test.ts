import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect } from 'vitest';
import { dockerEngine, itWithEngine } from '../docker/engine.js';
import { ServerProcess } from '../helpers/cli.js';
import { engineEnv } from '../helpers/docker-engine.js';
import { githubPushBody, sign } from '../helpers/github-payloads.js';
import { eventually, newRelaySecret } from '../relay/relay-helpers.js';
import { buildWorker, RunningWorker } from './worker-harness.js';

const EXAMPLES = join(import.meta.dirname, '../../examples/edge-relay');
const GITHUB_SECRET = 'TopSecret';
const RELAY_SECRET = newRelaySecret();
const engine = dockerEngine();
const it = itWithEngine(engine);

/** The shipped relay.yml with its command replaced by the work a relay is for: a container run on the engine. */
function relayWithDocker(image: string): string {
  const relay = readFileSync(join(EXAMPLES, 'relay.yml'), 'utf8').replace(/^(\s+port:) \d+$/m, '$1 0');
  const execute = relay.indexOf('        - execute:');
  return `${relay.slice(0, execute)}        - docker:
            $containers:
              $run:
                image: '${image}'
                command: ['echo', 'deploying {{ request.json.repository.full_name }} in a container']
                remove: true
            output: '{{ result }}'
`;
}

describe('edge relay to Docker: a signed push → Worker in workerd → relay on Node → a container on the real engine', () => {
  let relay: ServerProcess;
  let worker: RunningWorker;

  beforeAll(async () => {
    if (!engine) return;
    relay = await ServerProcess.start(relayWithDocker(`${engine.images.repository}:1`), { env: { RELAY_SECRET, GITHUB_SECRET, ...engineEnv(engine) } });
    const workerFile = (await buildWorker(readFileSync(join(EXAMPLES, 'worker.yml'), 'utf8'))).file;
    worker = await RunningWorker.start(workerFile, { GITHUB_SECRET, RELAY_SECRET, RELAY_URL: relay.url });
  });
  afterAll(async () => {
    await worker?.dispose();
    await relay?.stop();
  });

  it('runs the container once, after verify and github-verify passed on the relay', async () => {
    const body = githubPushBody();
    const mark = relay.stdout.length;
    const response = await worker.request('/github', {
      method: 'POST',
      body: new Uint8Array(body),
      headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-GitHub-Delivery': crypto.randomUUID(), 'X-Hub-Signature-256': sign('sha256', GITHUB_SECRET, body) },
    });
    expect(response.status).toBe(200);
    await eventually(() => relay.stdout.slice(mark).includes('in a container'), 'the relay to run the container', 30_000);
    expect(relay.linesSince(mark)).toEqual([
      expect.stringMatching(/^Webhook signature verified \(webhook-id msg_[0-9a-f]{32}\)$/),
      'GitHub webhook successfully validated',
      'deploying Codertocat/Hello-World in a container',
    ]);
  });
});
