import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';

let server: ServerProcess;
beforeAll(async () => {
  server = await ServerProcess.start(`
server: { port: 0 }
endpoints:
  - /async:
      async: true
      body:
        id: '^[0-9]+$'
      actions:
        - sleep: { seconds: 1, output: 'sleeping for {{ request.json.id }}' }
        - log: { message: 'done {{ request.json.id }} {{ request.headers["X-Delivery"] }}' }
  - /async-fails:
      async: true
      actions:
        - eval: { block: '{{ error("background failure") }}' }
        - log: { message: 'must not run' }
`);
});
afterAll(async () => server.stop());

it('answers 200 at once and runs the actions after (upstream test_async_request)', async () => {
  const response = await server.post('/async', { id: 7 }, { 'X-Delivery': 'abc' });
  expect(response).toMatchObject({ status: 200, text: 'OK\n' });
  // answered while the first action (a one-second sleep) still runs
  expect(server.stdout).not.toContain('done 7');
  await server.waitFor('stdout', /done 7 abc\n/, 3000);
});

it('still validates synchronously: 409 and 400 come back as usual', async () => {
  expect((await server.post('/async', { id: 'x' })).status).toBe(409);
  expect((await server.post('/async')).status).toBe(400);
});

it('a failing background action is logged with the route and index; the answer was already 200', async () => {
  expect((await server.post('/async-fails')).status).toBe(200);
  await server.waitFor('stderr', /POST \/async-fails: action 0 \(eval\) failed: background failure/);
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(server.stdout).not.toContain('must not run');
});
