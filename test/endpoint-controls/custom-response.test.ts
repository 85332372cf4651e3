import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { githubPushBody, sign } from '../helpers/github-payloads.js';
import { InProcessServer } from '../helpers/in-process.js';

const SECRET = 'response-test-secret';
const RESPONSE = `
      response:
        status: 202
        body: '{"after": "{{ request.json.after }}", "deployed": "{{ context.deployed }}"}'
        headers:
          Content-Type: application/json
          X-Deploy: '{{ request.view_args.name }}'`;

let server: InProcessServer;
beforeAll(async () => {
  server = await InProcessServer.start(`
server: { max_body_size: 64KiB }
endpoints:
  - /deploy/<name>:
      body: { after: '[0-9a-f]+' }${RESPONSE}
      actions:
        - eval: { block: '{% set _ = context.update({"deployed": request.view_args.name ~ "@" ~ request.json.after[:7]}) %}' }
  - /queue/<name>:
      async: true${RESPONSE}
      actions:
        - log: { message: 'queued {{ request.json.after }}' }
  - /signed:
      rate_limit: 2/h${RESPONSE}
      actions:
        - github-verify: { secret: ${SECRET}, output: '' }
  - /fails:${RESPONSE}
      actions:
        - eval: { block: '{{ error("no") }}' }
  - /nobody:
      response: { status: 204 }
  - /plain:
      response: { headers: { X-Extra: extra } }
`);
});
afterAll(async () => server?.stop());

describe('response: the success answer', () => {
  it('sync: custom status, a body templated with the request and the context the actions set, and headers', async () => {
    const answer = await server.post('/deploy/web', { after: 'abcdef0123456789' });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('content-type')).toBe('application/json');
    expect(answer.headers.get('x-deploy')).toBe('web');
    expect(JSON.parse(answer.text)).toEqual({ after: 'abcdef0123456789', deployed: 'web@abcdef0' });
  });

  it('async: answered with the response before the actions run', async () => {
    const answer = await server.post('/queue/api', { after: '42' });
    expect(answer.status).toBe(202);
    expect(answer.headers.get('x-deploy')).toBe('api');
    expect(JSON.parse(answer.text)).toEqual({ after: '42', deployed: '' });
    await server.waitFor('stdout', /queued 42/);
  });

  it('defaults: 200 "OK\\n" as text/plain with only a header added; a 204 has no body', async () => {
    const plain = await server.post('/plain');
    expect([plain.status, plain.text, plain.headers.get('content-type'), plain.headers.get('x-extra')]).toEqual([200, 'OK\n', 'text/plain', 'extra']);
    const none = await server.post('/nobody');
    expect([none.status, none.text]).toEqual([204, '']);
  });
});

describe('refusals keep their codes and bodies on an endpoint with a response', () => {
  const refused = async (answer: Promise<{ status: number; text: string }>) => {
    const { status, text } = await answer;
    return [status, text];
  };

  it('400, 404, 405, 409, 413', async () => {
    expect(await refused(server.post('/deploy/web'))).toEqual([400, 'No payload']);
    expect(await refused(server.post('/deploy/web', '{', { 'Content-Type': 'application/json' }))).toEqual([400, 'Invalid JSON']);
    expect(await refused(server.post('/deploy/web/extra', { after: 'ab' }))).toEqual([404, 'Not Found']);
    expect(await refused(server.request('/deploy/web', { method: 'PUT' }))).toEqual([405, 'Method Not Allowed']);
    expect(await refused(server.post('/deploy/web', { after: 'not hex' }))).toEqual([409, 'Invalid payload']);
    expect(await refused(server.post('/deploy/web', { after: 'a'.repeat(70_000) }))).toEqual([413, 'Payload Too Large']);
  });

  it('401 for a bad signature, 429 past the rate limit (the refused signature counted: the limit comes before any action)', async () => {
    const body = githubPushBody();
    const headers = (secret: string) => ({ 'Content-Type': 'application/json', 'X-Hub-Signature-256': sign('sha256', secret, body) });
    expect(await refused(server.post('/signed', body.toString('utf8'), headers('wrong')))).toEqual([401, 'Invalid signature']);
    expect((await server.post('/signed', body.toString('utf8'), headers(SECRET))).status).toBe(202);
    expect(await refused(server.post('/signed', body.toString('utf8'), headers(SECRET)))).toEqual([429, 'Too Many Requests']);
  });

  it('500 when an action fails', async () => {
    expect(await refused(server.post('/fails', { after: '1' }))).toEqual([500, 'Internal Server Error']);
  });
});
