import { afterAll, expect, it } from 'vitest';
import { runCli, ServerProcess } from '../helpers/cli.js';
import { count, journalConfig, Receiver, until } from './delivery-helpers.js';

let receiver: Receiver;
let server: ServerProcess;
afterAll(async () => {
  await server?.stop('SIGKILL');
  await receiver?.close();
});

it('every attempt failing makes the delivery dead, listed by `deliveries`; `deliveries retry` delivers it once the receiver is back', async () => {
  receiver = await Receiver.start();
  receiver.status = () => 500;
  const config = journalConfig(
    (stateDir) => `
server: { port: 0, state_dir: '${stateDir}' }
endpoints:
  - /hook:
      async: true
      retry: { attempts: 2, delay: 50ms }
      actions:
        - log: { message: 'first {{ request.json.n }}' }
        - http: { target: '${receiver.url}', method: POST, body: '{{ request.json.n }}', fail_on_error: true }
        - log: { message: 'delivered {{ request.json.n }}' }
`,
  );
  server = await ServerProcess.start(config.yaml);
  expect((await server.post('/hook', { n: 7 })).status).toBe(200);
  const dead = await server.waitFor('stderr', /delivery (\S+) POST \/hook: attempt 2 of 2 failed at action 1 \(http\): HTTP call failed \(HTTP 500\); dead/, 20_000);
  const id = dead[1]!;

  const listed = await runCli(['deliveries', config.file]);
  expect(listed.code, listed.stderr).toBe(0);
  const line = listed.stdout.split('\n').find((entry) => entry.startsWith(id));
  expect(line).toMatch(new RegExp(`^${id}\\s+\\S+\\s+POST /hook\\s+dead\\s+2\\s+HTTP call failed \\(HTTP 500\\)$`));
  const onlyDead = await runCli(['deliveries', '--state', 'dead', config.file]);
  expect(onlyDead.stdout).toContain(id);

  // a delivery that is not dead is not sent again
  expect((await runCli(['deliveries', 'retry', 'no-such-id', config.file])).code).toBe(1);

  receiver.status = () => 200;
  const retried = await runCli(['deliveries', 'retry', id.slice(0, 12), config.file]);
  expect(retried.code, retried.stderr).toBe(0);
  expect(retried.stdout).toContain(`delivery ${id} is pending again`);
  await server.waitFor('stdout', /delivered 7\n/, 20_000);
  await until(() => /attempt 1 of 2 succeeded/.test(server.stderr), 'the attempt line');

  expect(receiver.bodies).toEqual(['7', '7', '7']);
  // it resumed at the action that failed
  expect(count(server.stdout, /first 7/)).toBe(1);
  const shown = await runCli(['deliveries', 'show', id, config.file]);
  expect(shown.stdout).toMatch(/state: +succeeded/);
  expect((await runCli(['deliveries', 'retry', id, config.file])).stderr).toContain('is succeeded, not dead');

  const purged = await runCli(['deliveries', 'purge', '--succeeded', config.file]);
  expect(purged.stdout).toBe('removed 1 succeeded delivery\n');
  expect((await runCli(['deliveries', 'show', id, config.file])).code).toBe(1);
  expect((await runCli(['deliveries', 'purge', config.file])).code).toBe(2);
});
