import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { journalConfig, until } from '../delivery/delivery-helpers.js';
import { ServerProcess, tempDir } from '../helpers/cli.js';
import { overlaps, recorded, records } from './controls-helpers.js';

let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop('SIGKILL');
});

const endpoint = (log: string, isAsync: boolean) => `
  - /deploy:
      async: ${isAsync}
      concurrency: 1
      actions:
        - execute:
            command: '${recorded(log, 'sleep 0.2')}'
            env: { ID: '{{ request.json.n }}' }
`;

it('concurrency: 1 on an async endpoint: runs never overlap, all of them run, in the order they came', async () => {
  const log = join(tempDir(), 'runs.log');
  const config = journalConfig((stateDir) => `server: { port: 0, state_dir: '${stateDir}' }\nendpoints:${endpoint(log, true)}`);
  server = await ServerProcess.start(config.yaml);
  for (let n = 0; n < 4; n++) expect((await server.post('/deploy', { n })).status).toBe(200);
  await until(() => records(log).filter((record) => record.kind === 'end').length === 4, 'four runs');
  const list = records(log);
  expect(overlaps(list)).toEqual([]);
  expect(list.filter((record) => record.kind === 'start').map((record) => record.id)).toEqual(['0', '1', '2', '3']);
  // the records' own clock agrees with their order
  for (let i = 1; i < list.length; i++) expect(list[i]!.at >= list[i - 1]!.at).toBe(true);
});

it('concurrency: 1 on a sync endpoint: concurrent requests run one after the other, each answered 200', async () => {
  const log = join(tempDir(), 'runs.log');
  server = await ServerProcess.start(`server: { port: 0 }\nendpoints:${endpoint(log, false)}`);
  const answers = await Promise.all([0, 1, 2, 3].map((n) => server!.post('/deploy', { n })));
  expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
  const list = records(log);
  expect(
    list
      .filter((record) => record.kind === 'end')
      .map((record) => record.id)
      .sort(),
  ).toEqual(['0', '1', '2', '3']);
  expect(overlaps(list)).toEqual([]);
});
