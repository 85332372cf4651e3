import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';

const CONFIG = `
server: { port: 0 }
endpoints:
  - /hook:
      headers:
        X-Sample: '^ab[0-9]+$'
        X-GitHub-Event: push
  - /secret:
      headers:
        X-Gitlab-Token: '^{{ read_config("GITLAB_TOKEN") }}$'
        Authorization: '^Bearer good$'
      body:
        auth:
          api_key: '^{{ read_config("GITLAB_TOKEN") }}$'
  - /number:
      headers:
        X-Version: 2
  - /get:
      method: GET
      headers:
        X-Method: '(GET|HEAD)'
`;

describe('header rules', () => {
  let server: InProcessServer;
  beforeAll(async () => (server = await InProcessServer.start(CONFIG, { env: { GITLAB_TOKEN: 's3cret' } })));
  afterAll(async () => server.stop());

  it('look headers up case-insensitively and match at the start', async () => {
    expect((await server.post('/hook', undefined, { 'x-sample': 'ab001', 'x-github-event': 'push_tag' })).status).toBe(200);
  });

  it('refuse a value that does not match, printing one line', async () => {
    const mark = server.stdout.length;
    expect((await server.post('/hook', undefined, { 'X-Sample': 'invalid', 'X-GitHub-Event': 'push' })).status).toBe(409);
    await server.waitFor('stdout', /Failed/);
    expect(server.linesSince(mark)).toEqual(['Failed to validate the "X-Sample" header: "invalid" does not match "^ab[0-9]+$"']);
  });

  it('treat a missing header as ""', async () => {
    const mark = server.stdout.length;
    expect((await server.post('/hook', undefined, { 'X-GitHub-Event': 'push' })).status).toBe(409);
    await server.waitFor('stdout', /Failed/);
    expect(server.linesSince(mark)).toEqual(['Failed to validate the "X-Sample" header: "" does not match "^ab[0-9]+$"']);
  });

  it('mask the values and rules of token, secret, signature, authorization and key headers', async () => {
    const mark = server.stdout.length;
    const body = { auth: { api_key: 's3cret' } };
    expect((await server.post('/secret', body, { 'X-Gitlab-Token': 'leaked-token-value' })).status).toBe(409);
    expect((await server.post('/secret', body, { 'X-Gitlab-Token': 's3cret', Authorization: 'Bearer leaked' })).status).toBe(409);
    expect((await server.post('/secret', { auth: { api_key: 'leaked' } }, { 'X-Gitlab-Token': 's3cret', Authorization: 'Bearer good' })).status).toBe(409);
    expect((await server.post('/secret', body, { 'X-Gitlab-Token': 's3cret', Authorization: 'Bearer good' })).status).toBe(200);
    await server.waitFor('stdout', /auth\.api_key/);
    const lines = server.linesSince(mark);
    expect(lines).toEqual([
      'Failed to validate the "X-Gitlab-Token" header: "[masked]" does not match "[masked]"',
      'Failed to validate the "Authorization" header: "[masked]" does not match "[masked]"',
      'Failed to validate "auth.api_key": "[masked]" does not match "[masked]"',
    ]);
    expect(server.stdout + server.stderr).not.toMatch(/leaked|s3cret|Bearer/);
  });

  it('use a rule written as a YAML number as its text', async () => {
    expect((await server.post('/number', undefined, { 'X-Version': '2' })).status).toBe(200);
    expect((await server.post('/number', undefined, { 'X-Version': '3' })).status).toBe(409);
  });

  it('work on GET endpoints', async () => {
    expect((await server.request('/get', { headers: { 'X-Method': 'GET' } })).status).toBe(200);
    expect((await server.request('/get', { headers: { 'X-Method': 'Invalid' } })).status).toBe(409);
  });
});
