import { sign as octokitSign } from '@octokit/webhooks-methods';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubExamples, githubPushBody, sign } from '../helpers/github-payloads.js';
import { InProcessServer } from '../helpers/in-process.js';

const SECRET = 'TopSecret';

describe('github-verify', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await InProcessServer.start(
      `
server: { port: 0 }
endpoints:
  - /github:
      actions:
        - github-verify:
            secret: '{{ read_config("GITHUB_SECRET") }}'
        - log:
            message: 'verified {{ request.headers["X-GitHub-Event"] }}'
  - /wrong-secret:
      actions:
        - github-verify:
            secret: NotTheSecret
  - /async:
      async: true
      actions:
        - github-verify:
            secret: ${SECRET}
            output: 'async: {{ result }}'
`,
      { env: { GITHUB_SECRET: SECRET } },
    );
  });
  afterAll(async () => server.stop());

  async function deliver(path: string, body: Buffer, headers: Record<string, string>) {
    const mark = server.stdout.length;
    const errMark = server.stderr.length;
    // a synchronous endpoint answers after its actions have printed
    const response = await server.request(path, { method: 'POST', body: new Uint8Array(body), headers: { 'Content-Type': 'application/json', 'X-GitHub-Event': 'push', ...headers } });
    return { status: response.status, text: response.text, lines: server.linesSince(mark), stderr: server.stderr.slice(errMark) };
  }

  const body = githubPushBody();

  it("accepts X-Hub-Signature-256 (sha256) made by GitHub's own library", async () => {
    const signature = await octokitSign(SECRET, body.toString('utf8'));
    expect(await deliver('/github', body, { 'X-Hub-Signature-256': signature })).toMatchObject({
      status: 200,
      lines: ['GitHub webhook successfully validated', 'verified push'],
    });
  });

  it('accepts X-Hub-Signature (sha1) when there is no sha256 header', async () => {
    expect((await deliver('/github', body, { 'X-Hub-Signature': sign('sha1', SECRET, body) })).status).toBe(200);
  });

  it('verifies every example payload of several events, over the raw bytes', async () => {
    for (const event of ['issues', 'pull_request', 'release']) {
      const raw = Buffer.from(JSON.stringify(githubExamples(event)[0]));
      expect((await deliver('/github', raw, { 'X-Hub-Signature-256': sign('sha256', SECRET, raw) })).status).toBe(200);
    }
  });

  it('checks bytes, not re-encoded text: a non-UTF-8 body still verifies', async () => {
    const raw = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]);
    expect((await deliver('/github', raw, { 'X-Hub-Signature-256': sign('sha256', SECRET, raw) })).status).toBe(200);
  });

  it('refuses a tampered byte', async () => {
    const signature = sign('sha256', SECRET, body);
    const tampered = Buffer.from(body);
    // one letter inside a string value: still valid JSON, no longer what was signed
    tampered[body.indexOf('Codertocat') + 1] ^= 1;
    const result = await deliver('/github', tampered, { 'X-Hub-Signature-256': signature });
    expect(result.status).toBe(401);
    expect(result.lines).toEqual([]);
    expect(result.stderr).toMatch(/action 0 \(github-verify\) failed: GitHub webhook validation failed/);
  });

  it('refuses a signature made with another secret', async () => {
    const result = await deliver('/wrong-secret', body, { 'X-Hub-Signature-256': sign('sha256', SECRET, body) });
    expect(result.status).toBe(401);
    expect(result.stderr).toMatch(/GitHub webhook validation failed/);
    expect(result.stderr).not.toMatch(/NotTheSecret|TopSecret/);
  });

  it('refuses a missing signature header', async () => {
    const result = await deliver('/github', body, {});
    expect(result.status).toBe(401);
    expect(result.stderr).toMatch(/Missing X-Hub-Signature-256 or X-Hub-Signature header/);
  });

  it.each([['md5=abc'], ['sha256'], ['sha256=aa=bb']])('refuses the algorithm in %j', async (header) => {
    const result = await deliver('/github', body, { 'X-Hub-Signature-256': header });
    expect(result.status).toBe(401);
    expect(result.stderr).toMatch(/Invalid hashing algorithm/);
  });

  it('takes the algorithm from the header name: X-Hub-Signature-256 carrying sha1= is refused, even with a right sha1 MAC', async () => {
    const sha1 = sign('sha1', SECRET, body);
    const downgraded = await deliver('/github', body, { 'X-Hub-Signature-256': sha1 });
    expect(downgraded).toMatchObject({ status: 401, text: 'Invalid signature', lines: [] });
    expect(downgraded.stderr).toContain('failed: Invalid hashing algorithm: X-Hub-Signature-256 carries sha256=<hex>');
    const upgraded = await deliver('/github', body, { 'X-Hub-Signature': sign('sha256', SECRET, body) });
    expect(upgraded.status).toBe(401);
    expect(upgraded.stderr).toContain('failed: Invalid hashing algorithm: X-Hub-Signature carries sha1=<hex>');
  });

  it('does not fall back to a right sha1 signature when the sha256 one is wrong', async () => {
    const result = await deliver('/github', body, { 'X-Hub-Signature-256': sign('sha256', 'NotTheSecret', body), 'X-Hub-Signature': sign('sha1', SECRET, body) });
    expect(result.status).toBe(401);
    expect(result.stderr).toContain('failed: GitHub webhook validation failed');
  });

  it('verifies an empty body, which the library refuses to take', async () => {
    const empty = Buffer.alloc(0);
    expect((await deliver('/github', empty, { 'X-Hub-Signature-256': sign('sha256', SECRET, empty) })).status).toBe(200);
    expect((await deliver('/github', empty, { 'X-Hub-Signature-256': sign('sha256', 'NotTheSecret', empty) })).status).toBe(401);
  });

  it('refuses a forged request on an async endpoint before answering', async () => {
    const result = await deliver('/async', body, { 'X-Hub-Signature-256': sign('sha256', 'NotTheSecret', body) });
    expect(result).toMatchObject({ status: 401, text: 'Invalid signature', lines: [] });
  });

  it('works in an async endpoint (the raw body stays available)', async () => {
    const result = await deliver('/async', body, { 'X-Hub-Signature-256': sign('sha256', SECRET, body) });
    expect(result.status).toBe(200);
    await server.waitFor('stdout', /async: GitHub webhook successfully validated/);
  });
});
