import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';
import { Receiver } from '../helpers/receiver.js';

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe('http', () => {
  const receiver = new Receiver();
  let server: InProcessServer;

  beforeAll(async () => {
    await receiver.start();
    const refused = await closedPort();
    server = await InProcessServer.start(`
server: { port: 0 }
endpoints:
  - /simple:
      actions:
        - http:
            target: '${receiver.url}/simple'
            headers:
              X-Test: Hello
              X-Path: '{{ request.path }}'
            body: '{"message": "{{ request.json.message }}"}'
  - /put:
      actions:
        - http:
            target: '${receiver.url}/put-test/{{ request.json.id }}'
            method: PUT
            body: 'put body'
  - /get:
      actions:
        - http:
            target: '${receiver.url}/some/remote/endpoint'
            method: GET
            headers:
              Accept: text/plain
  - /json:
      actions:
        - http:
            target: '${receiver.url}/json'
            json: true
            body:
              name: '  {{ request.json.name }}  '
              count: 3
              draft: false
              nothing: null
              tags: ['a', ['{{ request.json.name }}', 2]]
  - /json-own-type:
      actions:
        - http:
            target: '${receiver.url}/json'
            json: true
            headers:
              Content-Type: application/vnd.custom+json
            body:
              a: b
  - /length:
      actions:
        - http:
            target: '${receiver.url}/length'
            body: 'Hello there!'
  - /empty-body:
      actions:
        - http:
            target: '${receiver.url}/empty'
            body: '{{ request.json.nothing }}'
  - /output:
      actions:
        - http:
            target: '${receiver.url}/ok'
            output: 'HTTP::{{ response.status_code }} {{ response.reason }} {{ response.json().method }} {{ response.headers["x-receiver"] }} {{ response.ok }}'
  - /status/<int:code>:
      actions:
        - http:
            target: '${receiver.url}/status/{{ request.view_args.code }}'
  - /fail-on-error/<int:code>:
      actions:
        - http:
            target: '${receiver.url}/status/{{ request.view_args.code }}'
            fail_on_error: true
            output: 'HTTP::{{ response.status_code }}'
  - /refused:
      actions:
        - http:
            target: 'http://127.0.0.1:${refused}/nothing'
  - /timeout:
      actions:
        - http:
            target: '${receiver.url}/slow'
            timeout: 0.3
`);
  });
  afterAll(async () => {
    await server.stop();
    await receiver.stop();
  });

  async function call(path: string, body: unknown = {}) {
    const mark = server.stdout.length;
    const errMark = server.stderr.length;
    // the answer of a synchronous endpoint comes after its actions have printed
    const response = await server.post(path, body);
    return { status: response.status, lines: server.linesSince(mark), stderr: server.stderr.slice(errMark) };
  }

  it('POSTs a templated string body with templated headers', async () => {
    expect((await call('/simple', { message: 'hi' })).status).toBe(200);
    const seen = receiver.last();
    expect(seen).toMatchObject({ method: 'POST', path: '/simple', body: '{"message": "hi"}' });
    expect(seen.headers['x-test']).toBe('Hello');
    expect(seen.headers['x-path']).toBe('/simple');
  });

  it('uses the method and a templated target', async () => {
    await call('/put', { id: 42 });
    expect(receiver.last()).toMatchObject({ method: 'PUT', path: '/put-test/42', body: 'put body' });
  });

  it('sends GET without a body', async () => {
    await call('/get');
    expect(receiver.last()).toMatchObject({ method: 'GET', path: '/some/remote/endpoint', body: '' });
    expect(receiver.last().headers.accept).toBe('text/plain');
  });

  it('json: true renders leaves (stripped), keeps numbers/booleans/null and sets Content-Type', async () => {
    await call('/json', { name: 'octocat' });
    const seen = receiver.last();
    expect(JSON.parse(seen.body)).toEqual({ name: 'octocat', count: 3, draft: false, nothing: null, tags: ['a', ['octocat', 2]] });
    expect(seen.headers['content-type']).toBe('application/json');
  });

  it('json: true keeps a Content-Type given in headers', async () => {
    await call('/json-own-type');
    expect(receiver.last().headers['content-type']).toBe('application/vnd.custom+json');
  });

  it('sends the right Content-Length, also for a body that renders empty', async () => {
    await call('/length');
    expect(receiver.last().headers['content-length']).toBe('12');
    const { status } = await call('/empty-body', {});
    expect(status).toBe(200);
    expect(receiver.last()).toMatchObject({ path: '/empty', body: '' });
    expect(receiver.last().headers['content-length']).toBe('0');
  });

  it('gives the output template the response', async () => {
    expect((await call('/output')).lines).toEqual(['HTTP::200 OK POST yes True']);
  });

  it.each([[404], [503]])('prints HTTP %i with the content by default; the request still succeeds', async (code) => {
    const { status, lines } = await call(`/status/${code}`);
    expect(status).toBe(200);
    expect(lines).toEqual([`HTTP ${code} : {"echo":"","method":"POST"}`]);
  });

  it('fail_on_error fails on a status outside 200-299', async () => {
    const { status, stderr } = await call('/fail-on-error/500');
    expect(status).toBe(500);
    expect(stderr).toMatch(/action 0 \(http\) failed: HTTP call failed \(HTTP 500\)/);
  });

  it('fail_on_error passes a 204', async () => {
    expect(await call('/fail-on-error/204')).toMatchObject({ status: 200, lines: ['HTTP::204'] });
  });

  it('a refused connection is an action error', async () => {
    const { status, stderr } = await call('/refused');
    expect(status).toBe(500);
    expect(stderr).toMatch(/\(http\) failed: HTTP POST to http:\/\/127\.0\.0\.1:\d+\/nothing failed: ECONNREFUSED/);
  });

  it('gives up after timeout seconds', async () => {
    const { status, stderr } = await call('/timeout');
    expect(status).toBe(500);
    expect(stderr).toMatch(/failed: no answer within 0.3 s/);
  });
});
