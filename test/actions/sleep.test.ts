import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';

let server: InProcessServer;
beforeAll(async () => {
  server = await InProcessServer.start(`
server: { port: 0 }
endpoints:
  - /default:
      actions:
        - sleep: { seconds: 0.2 }
  - /templated:
      actions:
        - sleep:
            seconds: '{{ request.json.wait }}'
            message: 'custom wait of {{ seconds }}s'
  - /bad:
      actions:
        - sleep: { seconds: '{{ request.json.wait }}' }
`);
});
afterAll(async () => server.stop());

it('prints before sleeping and waits', async () => {
  const started = Date.now();
  const mark = server.stdout.length;
  expect((await server.post('/default')).status).toBe(200);
  expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  expect(server.linesSince(mark)).toEqual(['Waiting 0.2 seconds before continuing ...']);
});

it('takes templated seconds and accepts message as an alias of output', async () => {
  const mark = server.stdout.length;
  expect((await server.post('/templated', { wait: 1 / 20 })).status).toBe(200);
  expect(server.linesSince(mark)).toEqual(['custom wait of 0.05s']);
});

it('fails on seconds that are not a number', async () => {
  expect((await server.post('/bad', { wait: 'soon' })).status).toBe(500);
  await server.waitFor('stderr', /sleep: "soon" is not a number of seconds/);
});
