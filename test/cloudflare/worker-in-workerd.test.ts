import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubPushBody, sign } from '../helpers/github-payloads.js';
import { Receiver } from '../helpers/receiver.js';
import { newRelaySecret, referenceSignedHeaders } from '../relay/relay-helpers.js';
import { buildWorker, RunningWorker } from './worker-harness.js';

const GITHUB_SECRET = 'TopSecret';
const RELAY_SECRET = newRelaySecret();

/**
 * One built worker.js in real workerd (Miniflare's dispatchFetch): workerd refuses eval,
 * so every template rendered here proves the precompiled path.
 */
describe('the built worker in workerd', () => {
  let receiver: Receiver;
  let worker: RunningWorker;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    const built = await buildWorker(`
server:
  max_body_size: 64KiB
endpoints:
  - /hook:
      headers:
        X-Event: '{{ read_config("EVENT_RULE") }}'
      body:
        ref: 'refs/heads/.+'
        commits:
          author: { name: '^[A-Z]' }
      actions:
        - log:
            message: 'accepted {{ request.json.ref }} by {{ request.json.commits | map(attribute="author") | map(attribute="name") | join(", ") }}'
  - /templates:
      actions:
        - log:
            message: >-
              {% for c in request.json.commits if c.id.startswith("a") %}{{ loop.index }}:{{ c.id.upper() }} {% else %}none {% endfor %}
              {{ "%s has %d" % (request.json.name, request.json.commits | length) }}
              {{ "{} / {}".format(request.json.name.replace("o", "0"), request.json.get("missing", "default")) }}
              {{ request.json | tojson }} {{ None }} {{ true }} {{ request.headers["X-Event"] }} {{ request.args.q }} {{ read_config("MISSING", default="dflt") }}
  - /fails:
      actions:
        - eval:
            block: '{{ error("broken on purpose") }}'
        - log: { message: 'never printed' }
  - /get-only:
      method: get
      actions:
        - log: { message: 'ran for {{ request.method }}' }
  - /github:
      actions:
        - github-verify:
            secret: '{{ read_config("GITHUB_SECRET") }}'
        - log: { message: 'verified {{ request.headers["X-GitHub-Event"] }} of {{ request.json.repository.full_name }}' }
  - /call:
      actions:
        - http:
            target: '{{ read_config("RECEIVER_URL") }}/sync'
            json: true
            body: { ref: '{{ request.json.ref }}', count: 3 }
            output: 'got HTTP {{ response.status_code }} {{ response.json().method }}'
  - /async:
      async: true
      actions:
        - sleep: { seconds: 0.5, output: 'async started' }
        - http:
            target: '{{ read_config("RECEIVER_URL") }}/async/{{ request.json.n }}'
            body: 'late {{ request.json.n }}'
            output: 'async done {{ response.status_code }}'
  - /relay:
      actions:
        - verify:
            secret: '{{ read_config("RELAY_SECRET") }}'
        - log: { message: 'relayed {{ request.json.ref }}' }
  - /async-fails:
      async: true
      actions:
        - http:
            target: '{{ read_config("RECEIVER_URL") }}/status/503'
            fail_on_error: true
`);
    worker = await RunningWorker.start(built.file, { EVENT_RULE: '^push$', GITHUB_SECRET, RECEIVER_URL: receiver.url, RELAY_SECRET });
  });
  afterAll(async () => {
    await worker?.dispose();
    await receiver?.stop();
  });

  const json = (value: unknown, headers: Record<string, string> = {}) => ({
    method: 'POST',
    body: typeof value === 'string' ? value : JSON.stringify(value),
    headers: { 'Content-Type': 'application/json', ...headers },
  });
  const push = { ref: 'refs/heads/main', commits: [{ author: { name: 'Ann' } }, { author: { name: 'Bob' } }] };

  it('200 OK\\n when accepted, validation rules templated from a binding', async () => {
    const response = await worker.request('/hook', json(push, { 'X-Event': 'push' }));
    expect(response).toMatchObject({ status: 200, text: 'OK\n' });
    expect(response.headers.get('content-type')).toBe('text/plain');
    await worker.waitFor('accepted refs/heads/main by Ann, Bob');
  });

  it('409 when a header rule, a body rule or a list element fails, with the reason logged', async () => {
    expect((await worker.request('/hook', json(push, { 'X-Event': 'pull' }))).status).toBe(409);
    await worker.waitFor(/X-Event/);
    expect((await worker.request('/hook', json({ ...push, ref: 'refs/tags/v1' }, { 'X-Event': 'push' }))).status).toBe(409);
    const oneBad = { ...push, commits: [...push.commits, { author: { name: 'lowercase' } }] };
    const response = await worker.request('/hook', json(oneBad, { 'X-Event': 'push' }));
    expect(response).toMatchObject({ status: 409, text: 'Invalid payload' });
    await worker.waitFor('commits[2].author.name');
  });

  it('400 No payload and 400 Invalid JSON', async () => {
    expect(await worker.request('/hook', json('{}', { 'X-Event': 'push' }))).toMatchObject({ status: 400, text: 'No payload' });
    expect(await worker.request('/hook', json('{"ref": ', { 'X-Event': 'push' }))).toMatchObject({ status: 400, text: 'Invalid JSON' });
  });

  it('404, 405 with Allow, OPTIONS, HEAD', async () => {
    expect(await worker.request('/nowhere', json(push))).toMatchObject({ status: 404, text: 'Not Found' });
    const wrongMethod = await worker.request('/get-only', json(push));
    expect(wrongMethod).toMatchObject({ status: 405, text: 'Method Not Allowed' });
    expect(wrongMethod.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    const options = await worker.request('/hook', { method: 'OPTIONS' });
    expect(options.status).toBe(200);
    expect(options.headers.get('allow')).toBe('OPTIONS, POST');
    expect(await worker.request('/get-only', { method: 'HEAD' })).toMatchObject({ status: 200, text: '' });
    await worker.waitFor('ran for HEAD');
  });

  it('413 over server.max_body_size', async () => {
    const response = await worker.request('/hook', json({ ...push, padding: 'x'.repeat(70_000) }, { 'X-Event': 'push' }));
    expect(response).toMatchObject({ status: 413, text: 'Payload Too Large' });
  });

  it('500 when an action fails, logged with the endpoint and the action index; later actions do not run', async () => {
    expect(await worker.request('/fails', json(push))).toMatchObject({ status: 500, text: 'Internal Server Error' });
    await worker.waitFor(/POST \/fails: action 0 \(eval\) failed: broken on purpose/);
    expect(worker.output).not.toContain('never printed');
  });

  it('renders Jinja templates inside workerd, where eval is refused', async () => {
    const commits = [{ id: 'abc' }, { id: 'bcd' }, { id: 'aef' }];
    expect((await worker.request('/templates?q=query', json({ name: 'foo', commits }, { 'X-Event': 'ev' }))).status).toBe(200);
    await worker.waitFor('1:ABC 2:AEF');
    expect(worker.output).toContain(
      // tojson as Jinja2 prints it: sorted keys, ", " and ": " separators
      '1:ABC 2:AEF  foo has 3 f00 / default {"commits": [{"id": "abc"}, {"id": "bcd"}, {"id": "aef"}], "name": "foo"} None True ev query dflt',
    );
  });

  it('github-verify with the secret from a binding, over the raw bytes', async () => {
    const body = githubPushBody();
    const ok = await worker.request('/github', {
      method: 'POST',
      body: new Uint8Array(body),
      headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': sign('sha256', GITHUB_SECRET, body) },
    });
    expect(ok.status).toBe(200);
    await worker.waitFor('verified push of Codertocat/Hello-World');
    const tampered = Buffer.from(body);
    tampered[body.indexOf('Codertocat') + 1] ^= 1;
    const refused = await worker.request('/github', {
      method: 'POST',
      body: new Uint8Array(tampered),
      headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', 'X-Hub-Signature-256': sign('sha256', GITHUB_SECRET, body) },
    });
    expect(refused).toMatchObject({ status: 401, text: 'Invalid signature' });
    await worker.waitFor('action 0 (github-verify) failed: GitHub webhook validation failed');
    expect(worker.output).not.toContain(GITHUB_SECRET);
  });

  it('the http action reaches a receiver on 127.0.0.1 from workerd', async () => {
    expect((await worker.request('/call', json({ ref: 'refs/heads/main' }))).status).toBe(200);
    const got = receiver.received.find((entry) => entry.path === '/sync')!;
    expect(JSON.parse(got.body)).toEqual({ ref: 'refs/heads/main', count: 3 });
    expect(got.headers['content-type']).toBe('application/json');
    await worker.waitFor('got HTTP 200 POST');
  });

  it('async endpoints answer at once and finish their actions through waitUntil', async () => {
    const started = Date.now();
    const response = await worker.request('/async', json({ n: 7 }));
    expect(response).toMatchObject({ status: 200, text: 'OK\n' });
    // the actions sleep 0.5 s before calling out: the answer came before them
    expect(Date.now() - started).toBeLessThan(450);
    expect(receiver.received.some((entry) => entry.path === '/async/7')).toBe(false);
    await worker.waitFor('async done 200');
    expect(receiver.received.find((entry) => entry.path === '/async/7')?.body).toBe('late 7');
  });

  it('verify runs in workerd too: accepts a Standard Webhooks signature once, refuses its replay', async () => {
    const payload = Buffer.from(JSON.stringify({ ref: 'refs/heads/edge' }));
    const headers = { 'Content-Type': 'application/json', ...referenceSignedHeaders(RELAY_SECRET, 'msg_in_workerd', payload) };
    expect((await worker.request('/relay', { method: 'POST', body: new Uint8Array(payload), headers })).status).toBe(200);
    await worker.waitFor('relayed refs/heads/edge');
    expect((await worker.request('/relay', { method: 'POST', body: new Uint8Array(payload), headers })).status).toBe(401);
    await worker.waitFor('action 0 (verify) failed: Message already accepted: webhook-id msg_in_workerd is a replay');
  });

  it('a failure in the background is logged with the request id', async () => {
    expect((await worker.request('/async-fails', json({ n: 1 }))).status).toBe(200);
    await worker.waitFor(/\[[\w-]+\] POST \/async-fails: action 0 \(http\) failed: HTTP call failed \(HTTP 503\)/);
  });
});
