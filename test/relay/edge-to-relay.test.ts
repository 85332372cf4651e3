import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { githubPushBody, sign } from '../helpers/github-payloads.js';
import { eventually, newRelaySecret } from './relay-helpers.js';

const GITHUB_SECRET = 'TopSecret';
const RELAY_SECRET = newRelaySecret();

/** Two webhook-proxy processes over real HTTP: an edge that forwards, a relay that verifies. */
describe('edge → relay on Node', () => {
  let relay: ServerProcess;
  let edge: ServerProcess;

  beforeAll(async () => {
    relay = await ServerProcess.start(
      `
server: { port: 0 }
endpoints:
  - /relay/deploy:
      actions:
        - verify:
            secret: '{{ read_config("RELAY_SECRET") }}'
        # the original signature still holds: the body and header arrived byte for byte
        - github-verify:
            secret: '{{ read_config("GITHUB_SECRET") }}'
        - execute:
            command: 'echo "deploying $REF for $EVENT"'
            env:
              REF: '{{ request.json.ref }}'
              EVENT: '{{ request.headers["X-GitHub-Event"] }}'
`,
      { env: { RELAY_SECRET, GITHUB_SECRET } },
    );
    edge = await ServerProcess.start(
      `
server: { port: 0 }
endpoints:
  - /github:
      async: true
      actions:
        - github-verify:
            secret: '{{ read_config("GITHUB_SECRET") }}'
        - http:
            target: '{{ read_config("RELAY_URL") }}/relay/deploy'
            forward_body: true
            forward_headers: [Content-Type, X-GitHub-Event, X-GitHub-Delivery, X-Hub-Signature-256]
            sign:
              secret: '{{ read_config("RELAY_SECRET") }}'
            fail_on_error: true
            output: 'forwarded: HTTP {{ response.status_code }}'
  - /to-nowhere:
      async: true
      actions:
        - http:
            target: 'http://127.0.0.1:9/relay/deploy'
            forward_body: true
            sign:
              secret: '{{ read_config("RELAY_SECRET") }}'
              id: 'delivery-{{ request.headers["X-GitHub-Delivery"] }}'
            timeout: 2
`,
      { env: { RELAY_SECRET, GITHUB_SECRET, RELAY_URL: relay.url } },
    );
  });
  afterAll(async () => {
    await edge?.stop();
    await relay?.stop();
  });

  function deliver(path: string, payload: Buffer, headers: Record<string, string> = {}) {
    return edge.request(path, {
      method: 'POST',
      body: new Uint8Array(payload),
      headers: { 'X-GitHub-Event': 'push', 'X-GitHub-Delivery': crypto.randomUUID(), 'X-Hub-Signature-256': sign('sha256', GITHUB_SECRET, payload), ...headers },
    });
  }

  it('a signed GitHub push is answered at once by the edge and run on the relay', async () => {
    const body = githubPushBody();
    const relayMark = relay.stdout.length;
    const response = await deliver('/github', body, { 'Content-Type': 'application/json' });
    expect(response.status).toBe(200);
    await eventually(() => relay.stdout.slice(relayMark).includes('deploying'), 'the relay to run its command');
    const lines = relay.linesSince(relayMark);
    expect(lines[0]).toMatch(/^Webhook signature verified \(webhook-id msg_[0-9a-f]{32}\)$/);
    expect(lines.slice(1)).toEqual(['GitHub webhook successfully validated', 'deploying refs/heads/master for push']);
    await eventually(() => edge.stdout.includes('forwarded: HTTP 200'), 'the edge to log the forward');
  });

  it('forwards bytes that are not UTF-8 unchanged', async () => {
    // GitHub's signature on the relay only holds if not one byte was re-encoded on the way
    const body = Buffer.concat([Buffer.from('{"ref":"'), Buffer.from([0xff, 0xfe, 0xef, 0xbb, 0xbf]), Buffer.from('"}')]);
    const relayMark = relay.stdout.length;
    const relayErrMark = relay.stderr.length;
    expect((await deliver('/github', body, { 'Content-Type': 'application/octet-stream' })).status).toBe(200);
    await eventually(() => relay.stdout.slice(relayMark).includes('deploying') || relay.stderr.slice(relayErrMark).includes('failed'), 'the relay to finish');
    expect(relay.stderr.slice(relayErrMark)).not.toContain('failed');
    expect(relay.linesSince(relayMark)).toContain('GitHub webhook successfully validated');
  });

  it('an edge request that fails verification gets 401 before the async answer and is never forwarded', async () => {
    const relayMark = relay.stdout.length;
    const edgeErrMark = edge.stderr.length;
    expect((await deliver('/github', githubPushBody(), { 'X-Hub-Signature-256': sign('sha256', 'wrong', githubPushBody()) })).status).toBe(401);
    // the check ran before the answer, so the forward (the next action) was never started
    expect(edge.stderr.slice(edgeErrMark)).toContain('GitHub webhook validation failed');
    expect(relay.stdout.slice(relayMark)).toBe('');
  });

  it('a failed forward is logged on the edge with the request id and the webhook-id', async () => {
    const edgeErrMark = edge.stderr.length;
    const delivery = crypto.randomUUID();
    expect((await deliver('/to-nowhere', githubPushBody(), { 'X-GitHub-Delivery': delivery })).status).toBe(200);
    await eventually(() => edge.stderr.slice(edgeErrMark).includes('(http) failed'), 'the edge to log the failure');
    expect(edge.stderr.slice(edgeErrMark)).toMatch(
      new RegExp(`\\[[\\w-]+\\] POST /to-nowhere: action 0 \\(http\\) failed: HTTP POST to http://127.0.0.1:9/relay/deploy failed: .* \\[webhook-id delivery-${delivery}\\]`),
    );
    expect(edge.stderr + edge.stdout).not.toContain(RELAY_SECRET.slice('whsec_'.length));
  });
});
