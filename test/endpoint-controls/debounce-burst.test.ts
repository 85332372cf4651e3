import { afterAll, expect, it } from 'vitest';
import { journalConfig } from '../delivery/delivery-helpers.js';
import { ServerProcess } from '../helpers/cli.js';

let server: ServerProcess;
afterAll(async () => server?.stop('SIGKILL'));

it('five requests in a burst to a debounce: 1s endpoint run once, with the last payload; the four replaced are counted', async () => {
  const config = journalConfig(
    (stateDir) => `
server: { port: 0, state_dir: '${stateDir}' }
endpoints:
  - /deploy:
      async: true
      debounce: 1s
      actions:
        - log: { message: 'deploying {{ request.json.n }}' }
`,
  );
  server = await ServerProcess.start(config.yaml);
  for (let n = 1; n <= 5; n++) expect((await server.post('/deploy', { n })).status).toBe(200);
  await server.waitFor('stderr', /POST \/deploy: attempt 1 of 1 succeeded/, 10_000);
  expect(server.stdout.match(/deploying \d/g)).toEqual(['deploying 5']);
  // the journal holds the one delivery of the burst, finished: nothing else waits to run
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  expect(metrics).toContain('webhook_proxy_deliveries{state="succeeded"} 1\n');
  expect(metrics).toContain('webhook_proxy_deliveries{state="pending"} 0\n');
  expect(metrics).toContain('webhook_proxy_debounced_requests_total{route="/deploy",method="POST"} 4\n');
});

it('debounce_key: one burst per key, each run with its own last request', async () => {
  const config = journalConfig(
    (stateDir) => `
server: { port: 0, state_dir: '${stateDir}' }
endpoints:
  - /deploy:
      async: true
      debounce: 1s
      debounce_key: '{{ request.json.repo }}'
      actions:
        - log: { message: 'deploying {{ request.json.repo }} {{ request.json.n }}' }
`,
  );
  await server?.stop('SIGKILL');
  server = await ServerProcess.start(config.yaml);
  for (const [repo, n] of [
    ['web', 1],
    ['api', 1],
    ['web', 2],
    ['api', 2],
    ['web', 3],
  ] as const)
    expect((await server.post('/deploy', { repo, n })).status).toBe(200);
  await server.waitFor('stderr', /(attempt 1 of 1 succeeded[^]*){2}/, 10_000);
  expect(server.stdout.match(/deploying \w+ \d/g)?.sort()).toEqual(['deploying api 2', 'deploying web 3']);
  const metrics = await (await fetch(`${server.url}/metrics`)).text();
  expect(metrics).toContain('webhook_proxy_deliveries{state="succeeded"} 2\n');
  expect(metrics).toContain('webhook_proxy_debounced_requests_total{route="/deploy",method="POST"} 3\n');
});
