import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';

// One endpoint per outcome; each case changes one thing from a valid request.
const CONFIG = `
server:
  host: 127.0.0.1
  port: 0
  max_body_size: 1KiB
endpoints:
  - /hook:
      headers:
        X-Event: 'push'
      body:
        ref: 'refs/heads/.+'
      actions:
        - log:
            message: 'accepted {{ request.json.ref }}'
  - /no-rules:
      actions:
        - log:
  - /fails:
      actions:
        - eval:
            block: '{{ error("broken on purpose") }}'
  - /get-only:
      method: get
      actions:
        - log:
            message: 'ran for {{ request.method }}'
`;

const valid = { ref: 'refs/heads/main' };
const headers = { 'X-Event': 'push' };

describe('responses', () => {
  let server: InProcessServer;
  beforeAll(async () => (server = await InProcessServer.start(CONFIG, { accessLog: true })));
  afterAll(async () => server.stop());

  it('200 OK\\n with exactly Content-Type: text/plain when accepted', async () => {
    const response = await server.post('/hook', valid, headers);
    expect(response.status).toBe(200);
    expect(response.text).toBe('OK\n');
    expect(response.headers.get('content-type')).toBe('text/plain');
    await server.waitFor('stdout', /accepted refs\/heads\/main/);
  });

  it('400 No payload when body rules exist and there is no JSON body', async () => {
    const response = await server.post('/hook', 'ref=refs/heads/main', { ...headers, 'Content-Type': 'text/plain' });
    expect(response).toMatchObject({ status: 400, text: 'No payload' });
  });

  it.each([['{}'], ['[]'], ['null'], ['false'], ['0'], ['""']])('400 No payload for the falsy JSON payload %s', async (body) => {
    const response = await server.post('/hook', body, { ...headers, 'Content-Type': 'application/json' });
    expect(response).toMatchObject({ status: 400, text: 'No payload' });
  });

  it.each([[''], [' \r\n\t'], ['\u00a0\u2028']])('400 No payload for a JSON body of only whitespace (%j)', async (body) => {
    const response = await server.post('/hook', body, { ...headers, 'Content-Type': 'application/json' });
    expect(response).toMatchObject({ status: 400, text: 'No payload' });
  });

  it('200 for a JSON body with whitespace around it', async () => {
    const response = await server.post('/hook', `\n ${JSON.stringify(valid)} \n`, { ...headers, 'Content-Type': 'application/json' });
    expect(response.status).toBe(200);
  });

  it('400 Invalid JSON for malformed JSON with a JSON content type', async () => {
    const response = await server.post('/hook', '{"ref": ', { ...headers, 'Content-Type': 'application/json; charset=utf-8' });
    expect(response).toMatchObject({ status: 400, text: 'Invalid JSON' });
  });

  it('409 Invalid payload when a header rule fails', async () => {
    const response = await server.post('/hook', valid, { 'X-Event': 'issues' });
    expect(response).toMatchObject({ status: 409, text: 'Invalid payload' });
  });

  it('409 Invalid payload when a body rule fails', async () => {
    const response = await server.post('/hook', { ref: 'refs/tags/v1' }, headers);
    expect(response).toMatchObject({ status: 409, text: 'Invalid payload' });
  });

  it('409 when body rules meet a JSON root that is not an object', async () => {
    const response = await server.post('/hook', ['refs/heads/main'], headers);
    expect(response).toMatchObject({ status: 409, text: 'Invalid payload' });
    const string = await server.post('/hook', '"refs/heads/main"', { ...headers, 'Content-Type': 'application/json' });
    expect(string.status).toBe(409);
  });

  it('500 Internal Server Error when a synchronous action fails', async () => {
    const response = await server.post('/fails', {});
    expect(response).toMatchObject({ status: 500, text: 'Internal Server Error' });
    await server.waitFor('stderr', /POST \/fails: action 0 \(eval\) failed: broken on purpose/);
  });

  it('404 Not Found for an unknown path, and trailing slashes are significant', async () => {
    expect(await server.post('/nope', valid)).toMatchObject({ status: 404, text: 'Not Found' });
    expect((await server.post('/hook/', valid, headers)).status).toBe(404);
  });

  it('405 with Allow for a wrong method', async () => {
    const response = await server.request('/hook', { method: 'PUT' });
    expect(response).toMatchObject({ status: 405, text: 'Method Not Allowed' });
    expect(response.headers.get('allow')).toBe('OPTIONS, POST');
  });

  it('413 Payload Too Large over server.max_body_size, before any rule runs', async () => {
    const mark = server.stdout.length;
    const response = await server.post('/hook', { ref: 'x'.repeat(2000) }, { 'X-Event': 'wrong' });
    expect(response).toMatchObject({ status: 413, text: 'Payload Too Large' });
    // no validation line: the header rule never ran
    expect(server.linesSince(mark)).toEqual([]);
  });

  it('an endpoint without body rules accepts any body, or none', async () => {
    expect((await server.post('/no-rules')).status).toBe(200);
    expect((await server.post('/no-rules', 'plain text', { 'Content-Type': 'text/plain' })).status).toBe(200);
    expect((await server.post('/no-rules', '[]', { 'Content-Type': 'application/json' })).status).toBe(200);
  });

  it('a GET route answers GET and HEAD (running its actions) and OPTIONS (running none)', async () => {
    expect(await server.request('/get-only')).toMatchObject({ status: 200, text: 'OK\n' });
    await server.waitFor('stdout', /ran for GET/);
    const head = await server.request('/get-only', { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, text: '' });
    await server.waitFor('stdout', /ran for HEAD/);
    const mark = server.stdout.length;
    const options = await server.request('/get-only', { method: 'OPTIONS' });
    expect(options.status).toBe(200);
    expect(options.headers.get('allow')).toBe('GET, HEAD, OPTIONS');
    expect(server.linesSince(mark)).toEqual([]);
    expect((await server.post('/get-only', {})).status).toBe(405);
  });

  it('writes an access-log line per request on stderr, without the query string', async () => {
    await server.post('/no-rules?token=hunter2');
    await server.waitFor('stderr', /"POST \/no-rules HTTP\/1.1" 200 -/);
    expect(server.stderr).not.toContain('hunter2');
  });
});
