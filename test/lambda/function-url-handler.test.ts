import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { githubExamples, githubPushBody, sign } from '../helpers/github-payloads.js';
import { Receiver } from '../helpers/receiver.js';
import { buildLambda, captureConsole, functionUrlEvent, lambdaContext, type LambdaResult } from './lambda-helpers.js';

// The built bundle (`build --target lambda`), imported in-process and given Function URL events
// (payload format 2.0) as AWS sends them. Each case changes one thing from a valid request.
const SECRET = 'lambda-webhook-secret';
const CONFIG = `
server:
  max_body_size: 64KiB
endpoints:
  - /github:
      headers:
        X-GitHub-Event: push
      body:
        ref: refs/heads/.+
      actions:
        - github-verify:
            secret: '{{ read_config("GITHUB_SECRET") }}'
        - http:
            target: '{{ read_config("RECEIVER_URL") }}/pushed'
            json: true
            body:
              repository: '{{ request.json.repository.full_name }}'
              commits: '{{ request.json.commits | length }}'
              pusher: '{{ request.json.pusher.name }}'
  - /items/<int:id>:
      method: PUT
      actions:
        - log:
            message: 'id={{ request.view_args.id }} q={{ request.args.get("q") }} from={{ request.remote_addr }} name={{ request.json.name }} cookie={{ request.headers["Cookie"] }} path={{ request.path }}'
        - execute:
            command: 'printf "%s" "$NAME" > "$OUT"'
            env:
              NAME: '{{ request.json.name }}'
              OUT: '{{ read_config("OUT_FILE") }}'
  - /fails:
      actions:
        - eval:
            block: '{{ error("broken on purpose") }}'
  - /get-only:
      method: GET
      actions:
        - log:
            message: 'GET {{ request.method }}'
`;

describe('the built Lambda handler answering Function URL events', () => {
  let handler: (event: unknown, context?: object) => Promise<LambdaResult>;
  let receiver: Receiver;
  const outDir = tempDir('webhook-proxy-lambda-');
  let logs: ReturnType<typeof captureConsole>;

  beforeAll(async () => {
    receiver = await new Receiver().start();
    process.env.GITHUB_SECRET = SECRET;
    process.env.RECEIVER_URL = receiver.url;
    process.env.OUT_FILE = join(outDir, 'name.txt');
    ({ handler } = await buildLambda(CONFIG));
  });
  afterAll(async () => receiver.stop());
  afterEach(() => logs?.restore());

  const invoke = async (event: Record<string, unknown>): Promise<LambdaResult> => {
    logs = captureConsole();
    return handler(event, lambdaContext());
  };
  const push = githubPushBody();
  const githubHeaders = (body: Buffer, extra: Record<string, string> = {}) => ({
    'content-type': 'application/json',
    'x-github-event': 'push',
    'x-github-delivery': '72d3162e-cc78-11e3-81ab-4c9367dc0958',
    'x-hub-signature-256': sign('sha256', SECRET, body),
    ...extra,
  });

  it('verifies a real GitHub push over the raw bytes of a plain body and runs the http action', async () => {
    const before = receiver.received.length;
    const result = await invoke(functionUrlEvent({ path: '/github', headers: githubHeaders(push), body: push }));
    expect(result).toMatchObject({ statusCode: 200, body: 'OK\n', isBase64Encoded: false, headers: { 'content-type': 'text/plain' } });
    expect(receiver.received).toHaveLength(before + 1);
    const sent = JSON.parse(receiver.last().body) as Record<string, unknown>;
    const example = JSON.parse(push.toString('utf8')) as { repository: { full_name: string }; commits: unknown[]; pusher: { name: string } };
    expect(sent).toEqual({ repository: example.repository.full_name, commits: String(example.commits.length), pusher: example.pusher.name });
    expect(logs.out).toContain('GitHub webhook successfully validated');
  });

  it('verifies a base64-encoded body carrying non-ASCII text byte for byte', async () => {
    const example = githubExamples('push').find((candidate) => (candidate.commits as unknown[]).length > 0)!;
    const body = Buffer.from(JSON.stringify({ ...example, pusher: { name: 'Zoë Ångström ✓ 日本' } }, null, 2));
    const result = await invoke(functionUrlEvent({ path: '/github', headers: githubHeaders(body), body, base64: true }));
    expect(result.statusCode).toBe(200);
    expect((JSON.parse(receiver.last().body) as { pusher: string }).pusher).toBe('Zoë Ångström ✓ 日本');
  });

  it('verifies a non-ASCII body sent as plain text (not base64) over its UTF-8 bytes', async () => {
    const body = Buffer.from(JSON.stringify({ ref: 'refs/heads/main', repository: { full_name: 'o/ré' }, commits: [], pusher: { name: 'Jürgen' } }));
    const result = await invoke(functionUrlEvent({ path: '/github', headers: githubHeaders(body), body }));
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(receiver.last().body)).toMatchObject({ repository: 'o/ré', pusher: 'Jürgen' });
  });

  it('answers 401 and logs the endpoint and the action index when the signature does not match', async () => {
    const result = await invoke(functionUrlEvent({ path: '/github', headers: githubHeaders(push, { 'x-hub-signature-256': sign('sha256', 'wrong', push) }), body: push }));
    expect(result).toMatchObject({ statusCode: 401, body: 'Invalid signature' });
    expect(logs.err.join('\n')).toMatch(/POST \/github: action 0 \(github-verify\) failed: GitHub webhook validation failed/);
    expect(logs.err.join('\n')).not.toContain(SECRET);
  });

  it('verifies GitHub form deliveries (payload=...) sent base64-encoded', async () => {
    const body = Buffer.from(`payload=${encodeURIComponent(push.toString('utf8'))}`);
    const result = await invoke(functionUrlEvent({ path: '/github', headers: githubHeaders(body, { 'content-type': 'application/x-www-form-urlencoded' }), body, base64: true }));
    expect(result.statusCode).toBe(200);
  });

  it('hands templates the path, view args, query, cookies and the caller address; execute runs', async () => {
    const result = await invoke(
      functionUrlEvent({
        method: 'PUT',
        path: '/items/42',
        query: 'q=caf%C3%A9&x=1',
        headers: { 'content-type': 'application/json' },
        cookies: ['session=abc', 'theme=dark'],
        body: JSON.stringify({ name: 'Ünïcode' }),
        sourceIp: '203.0.113.44',
      }),
    );
    expect(result.statusCode).toBe(200);
    expect(logs.out).toContain('id=42 q=café from=203.0.113.44 name=Ünïcode cookie=session=abc; theme=dark path=/items/42');
    expect(readFileSync(process.env.OUT_FILE!, 'utf8')).toBe('Ünïcode');
    expect(logs.err.some((line) => line.startsWith('203.0.113.44 - - [') && line.includes('"PUT /items/42 HTTP/1.1" 200'))).toBe(true);
  });

  describe('every documented response (docs/rules.md)', () => {
    const valid = () => ({ path: '/github', headers: githubHeaders(push), body: push });
    it.each([
      ['a header rule fails', { headers: githubHeaders(push, { 'x-github-event': 'issues' }) }, 409, 'Invalid payload'],
      ['a body rule fails', { body: Buffer.from('{"ref":"refs/tags/v1"}') }, 409, 'Invalid payload'],
      ['the JSON root is a list', { body: Buffer.from('[1]') }, 409, 'Invalid payload'],
      ['no payload with body rules', { body: Buffer.from('{}') }, 400, 'No payload'],
      ['malformed JSON', { body: Buffer.from('{"ref":') }, 400, 'Invalid JSON'],
      ['a body over max_body_size', { body: Buffer.alloc(65 * 1024, 0x20) }, 413, 'Payload Too Large'],
      ['an unknown path', { path: '/nope' }, 404, 'Not Found'],
    ])('%s', async (_name, change, status, text) => {
      const result = await invoke(functionUrlEvent({ ...valid(), ...change }));
      expect(result).toMatchObject({ statusCode: status, body: text });
    });

    it('405 with Allow for the wrong method', async () => {
      const result = await invoke(functionUrlEvent({ ...valid(), method: 'DELETE' }));
      expect(result).toMatchObject({ statusCode: 405, body: 'Method Not Allowed', headers: { allow: 'OPTIONS, POST' } });
    });

    it('OPTIONS answers Allow and runs nothing; HEAD on a GET route answers without a body', async () => {
      expect(await invoke(functionUrlEvent({ method: 'OPTIONS', path: '/get-only' }))).toMatchObject({ statusCode: 200, headers: { allow: 'GET, HEAD, OPTIONS' } });
      expect(logs.out).toEqual([]);
      expect(await invoke(functionUrlEvent({ method: 'HEAD', path: '/get-only' }))).toMatchObject({ statusCode: 200, body: '' });
      expect(logs.out).toEqual(['GET HEAD']);
    });

    it('500 when a synchronous action fails, logged with the route and index', async () => {
      const result = await invoke(functionUrlEvent({ path: '/fails' }));
      expect(result).toMatchObject({ statusCode: 500, body: 'Internal Server Error' });
      expect(logs.err.join('\n')).toMatch(/POST \/fails: action 0 \(eval\) failed: broken on purpose/);
    });
  });

  it('refuses an event that is neither a Function URL event nor its own async event', async () => {
    await expect(handler({ Records: [] }, lambdaContext())).rejects.toThrow(/not a Function URL event/);
  });
});
