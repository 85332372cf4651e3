import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { journalConfig, until } from '../delivery/delivery-helpers.js';
import { ServerProcess, tempDir } from '../helpers/cli.js';
import { recorded, records } from './controls-helpers.js';

let server: ServerProcess;
const dir = tempDir();
afterAll(async () => {
  // a failed run must not leave its held commands looping: let them go, then stop the server
  for (const id of [1, 2]) writeFileSync(join(dir, `release-${id}`), '');
  await server?.stop();
});

it('concurrency_key: two keys run at once, while a second request of a busy key waits its turn (and is counted as waiting)', async () => {
  const log = join(dir, 'runs.log');
  // a run of web waits until the test lets it go; other keys go straight through
  const config = journalConfig(
    (stateDir) => `
server: { port: 0, state_dir: '${stateDir}' }
endpoints:
  - /deploy/<name>:
      async: true
      concurrency: 1
      concurrency_key: '{{ request.view_args.name }}'
      actions:
        - execute:
            command: '${recorded(log, `while [ "$NAME" = web ] && [ ! -e ${dir}/release-$ID ]; do sleep 0.01; done`)}'
            env: { ID: '{{ request.json.n }}', NAME: '{{ request.view_args.name }}' }
`,
  );
  server = await ServerProcess.start(config.yaml);
  expect((await server.post('/deploy/web', { n: 1 })).status).toBe(200);
  await until(() => records(log).some((record) => record.kind === 'start' && record.id === '1'), 'web 1 to start');
  expect((await server.post('/deploy/web', { n: 2 })).status).toBe(200);
  expect((await server.post('/deploy/api', { n: 3 })).status).toBe(200);
  // api ran from start to end while web 1 was still running
  await until(() => records(log).some((record) => record.kind === 'end' && record.id === '3'), 'api 3 to end');
  const waiting = async () => (await (await fetch(`${server.url}/metrics`)).text()).match(/webhook_proxy_endpoint_waiting_chains\{route="\/deploy\/<name>",method="POST"\} (\d+)/)?.[1];
  let seen: string | undefined;
  const deadline = Date.now() + 10_000;
  while ((seen = await waiting()) !== '1' && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
  expect(seen).toBe('1');
  expect(
    records(log)
      .filter((record) => record.kind === 'end')
      .map((record) => record.id),
  ).toEqual(['3']);
  expect(records(log).some((record) => record.id === '2')).toBe(false);

  writeFileSync(join(dir, 'release-1'), '');
  writeFileSync(join(dir, 'release-2'), '');
  await until(() => records(log).filter((record) => record.kind === 'end').length === 3, 'web 1 and 2 to end');
  const order = records(log).map((record) => `${record.kind} ${record.id}`);
  // web 2 started only once web 1 had ended
  expect(order.indexOf('start 2')).toBeGreaterThan(order.indexOf('end 1'));
});
