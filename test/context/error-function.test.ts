import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';

let server: InProcessServer;
beforeAll(async () => {
  server = await InProcessServer.start(`
server: { port: 0 }
endpoints:
  - /testing:
      actions:
        - log:
            message: |
              {% if request.json.fail %}
                {{ error('Failing with %s'|format(request.json.fail)) }}
              {% else %}All good{% endif %}
        - log:
            message: 'second action'
  - /no-message:
      actions:
        - eval:
            block: '{% set _ = error() %}'
`);
});
afterAll(async () => server.stop());

it('without a failure the actions run (upstream test_raising_error)', async () => {
  const mark = server.stdout.length;
  expect((await server.post('/testing', { ok: true })).status).toBe(200);
  await server.waitFor('stdout', /second action/);
  expect(server.linesSince(mark)).toEqual(['All good', 'second action']);
});

it('error(message) fails the action with 500, logs the message and skips later actions', async () => {
  const mark = server.stdout.length;
  expect((await server.post('/testing', { fail: 'reasons' })).status).toBe(500);
  await server.waitFor('stderr', /POST \/testing: action 0 \(log\) failed: Failing with reasons/);
  expect(server.linesSince(mark)).toEqual([]);
});

it('error() without a message names the action', async () => {
  expect((await server.post('/no-message')).status).toBe(500);
  await server.waitFor('stderr', /action 0 \(eval\) failed: The "eval" action threw an error/);
});
