import { afterAll, expect, it } from 'vitest';
import { journalConfig } from '../delivery/delivery-helpers.js';
import { ServerProcess } from '../helpers/cli.js';

const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop('SIGKILL')));
});

it('a debounced burst survives kill -9: the next start on the same state dir runs it once, with the last request', async () => {
  const config = journalConfig(
    (stateDir) => `
server: { port: 0, state_dir: '${stateDir}' }
endpoints:
  - /deploy:
      async: true
      debounce: 3s
      actions:
        - log: { message: 'deploying {{ request.json.n }}' }
`,
  );
  const first = await ServerProcess.start(config.yaml);
  servers.push(first);
  for (let n = 1; n <= 3; n++) expect((await first.post('/deploy', { n })).status).toBe(200);
  await first.stop('SIGKILL');
  expect(first.stdout).not.toContain('deploying');

  const second = await ServerProcess.start(config.yaml);
  servers.push(second);
  expect(second.stderr).toMatch(/delivery journal: .*; 1 to deliver/);
  await second.waitFor('stderr', /POST \/deploy: attempt 1 of 1 succeeded/, 15_000);
  expect(second.stdout.match(/deploying \d/g)).toEqual(['deploying 3']);
  const metrics = await (await fetch(`${second.url}/metrics`)).text();
  expect(metrics).toContain('webhook_proxy_deliveries{state="succeeded"} 1\n');
  expect(metrics).toContain('webhook_proxy_deliveries{state="pending"} 0\n');
});
