import { afterAll, expect, it } from 'vitest';
import { count, journalConfig, until } from '../delivery/delivery-helpers.js';
import { ServerProcess } from '../helpers/cli.js';

let server: ServerProcess;
afterAll(async () => server?.stop('SIGKILL'));

it('rate_limit does not count replay(): the replay runs the endpoint again although the sender used up the limit', async () => {
  const config = journalConfig(
    (stateDir) => `
server: { port: 0, state_dir: '${stateDir}' }
endpoints:
  - /replayed:
      rate_limit: 1/h
      actions:
        - log: { message: 'run {{ request.json.n }}' }
        - eval: { block: '{{ replay(0.2) }}' }
`,
  );
  server = await ServerProcess.start(config.yaml);
  expect((await server.post('/replayed', { n: 1 })).status).toBe(200);
  expect((await server.post('/replayed', { n: 2 })).status).toBe(429);
  await until(() => count(server.stdout, /run 1\n/) >= 2, 'the replay to run the endpoint again');
  expect(server.stderr).not.toMatch(/replay .*dead/);
  expect(server.stdout).not.toContain('run 2');
});
