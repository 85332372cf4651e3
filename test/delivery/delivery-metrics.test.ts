import { afterAll, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { journalConfig } from './delivery-helpers.js';

let server: ServerProcess;
afterAll(async () => server?.stop('SIGKILL'));

it('webhook_proxy_deliveries{state} counts the journal; webhook_proxy_delivery_attempts_total{route,method,outcome} counts attempts', async () => {
  const config = journalConfig(
    (stateDir) => `
server: { port: 0, state_dir: '${stateDir}' }
endpoints:
  - /ok:
      async: true
      actions:
        - log: { message: ok }
  - /fails:
      async: true
      retry: { attempts: 2, delay: 10ms }
      actions:
        - eval: { block: '{{ error("no") }}' }
`,
  );
  server = await ServerProcess.start(config.yaml);
  expect((await server.post('/ok', {})).status).toBe(200);
  expect((await server.post('/fails', {})).status).toBe(200);
  await server.waitFor('stderr', /POST \/ok: attempt 1 of 1 succeeded/);
  await server.waitFor('stderr', /POST \/fails: attempt 2 of 2 failed at action 0 \(eval\): no; dead/);
  const text = await (await fetch(`${server.url}/metrics`)).text();
  for (const [state, count] of [
    ['pending', 0],
    ['running', 0],
    ['retrying', 0],
    ['succeeded', 1],
    ['dead', 1],
  ] as const) {
    expect(text).toContain(`webhook_proxy_deliveries{state="${state}"} ${count}\n`);
  }
  expect(text).toContain('webhook_proxy_delivery_attempts_total{route="/ok",method="POST",outcome="succeeded"} 1\n');
  expect(text).toContain('webhook_proxy_delivery_attempts_total{route="/fails",method="POST",outcome="failed"} 1\n');
  expect(text).toContain('webhook_proxy_delivery_attempts_total{route="/fails",method="POST",outcome="dead"} 1\n');
});
