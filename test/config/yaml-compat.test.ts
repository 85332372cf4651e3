import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';

// Configs for the original were read by PyYAML (YAML 1.1): anchors, merge keys and yes/no booleans.
let server: ServerProcess;
beforeAll(async () => {
  server = await ServerProcess.start(`
defaults: &defaults
  method: POST
  headers:
    X-Token: '^abc$'
server:
  port: '0'
endpoints:
  - /one:
      <<: *defaults
      actions:
        - log: { message: 'one' }
  - /two:
      <<: *defaults
      async: yes
      actions:
        - log: { message: 'two' }
`);
});
afterAll(async () => server.stop());

it('applies merge keys and YAML 1.1 booleans', async () => {
  expect((await server.post('/one', undefined, { 'X-Token': 'abc' })).status).toBe(200);
  expect((await server.post('/one', undefined, { 'X-Token': 'nope' })).status).toBe(409);
  expect((await server.post('/two', undefined, { 'X-Token': 'abc' })).status).toBe(200);
  await server.waitFor('stdout', /two/);
  expect(server.stderr).not.toMatch(/warning/);
});
