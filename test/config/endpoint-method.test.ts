import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { refusedAtStartup } from './refused-at-startup.js';

const endpoint = (method: string) => `endpoints:\n  - /hook:\n      method: ${method}\n      actions:\n        - log:\n`;

// `method: [GET, PUT]` used to become POST without a word.
describe('an endpoint method that is not one known HTTP method is a startup error', () => {
  it('a list', async () => {
    expect(await refusedAtStartup(endpoint('[GET, PUT]'))).toBe(
      'server.yml:3:15 endpoints[0]./hook.method: must be one HTTP method (POST, GET, PUT, PATCH, DELETE, HEAD), not a list: a route takes one method',
    );
  });

  it.each([
    ['{ GET: true }', 'a mapping'],
    ['1', '1'],
    ['true', 'true'],
  ])('%s', async (method, what) => {
    expect(await refusedAtStartup(endpoint(method))).toBe(`server.yml:3:15 endpoints[0]./hook.method: must be one HTTP method (POST, GET, PUT, PATCH, DELETE, HEAD), not ${what}`);
  });

  it('an unknown method, with the one it resembles', async () => {
    expect(await refusedAtStartup(endpoint('PSOT'))).toBe('server.yml:3:15 endpoints[0]./hook.method: unknown HTTP method "PSOT": did you mean "POST"? (known: POST, GET, PUT, PATCH, DELETE, HEAD)');
    expect(await refusedAtStartup(endpoint('PURGE'))).toBe('server.yml:3:15 endpoints[0]./hook.method: unknown HTTP method "PURGE" (known: POST, GET, PUT, PATCH, DELETE, HEAD)');
  });
});

describe('a valid method', () => {
  let server: ServerProcess;
  beforeAll(async () => {
    server = await ServerProcess.start('server: { port: 0 }\nendpoints:\n  - /put:\n      method: put\n  - /default:\n');
  });
  afterAll(async () => server.stop());

  it('is case-insensitive, and POST when absent', async () => {
    expect((await server.request('/put', { method: 'PUT' })).status).toBe(200);
    expect((await server.post('/put')).status).toBe(405);
    expect((await server.post('/default')).status).toBe(200);
    expect((await server.request('/default', { method: 'GET' })).status).toBe(405);
  });
});
