import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { journalConfig, until } from '../delivery/delivery-helpers.js';
import { ServerProcess, tempDir } from '../helpers/cli.js';
import { overlaps, recorded, records } from './controls-helpers.js';

const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop('SIGKILL')));
});

it('deliveries waiting for concurrency survive kill -9: the next start runs each once more, one at a time, in their order', async () => {
  const dir = tempDir();
  const log = join(dir, 'runs.log');
  const release = join(dir, 'release');
  const gone = join(dir, 'gone');
  // a run waits for the test's go; one whose server is gone stops (it outlives a kill -9 otherwise)
  const config = journalConfig(
    (stateDir) => `
server: { port: 0, state_dir: '${stateDir}' }
endpoints:
  - /deploy:
      async: true
      concurrency: 1
      actions:
        - execute:
            command: '${recorded(log, `while [ ! -e ${release} ]; do kill -0 $PPID 2>/dev/null || { echo gone > ${gone}; exit 1; }; sleep 0.01; done`)}'
            env: { ID: '{{ request.json.n }}' }
`,
  );
  const first = await ServerProcess.start(config.yaml);
  servers.push(first);
  for (let n = 0; n < 3; n++) expect((await first.post('/deploy', { n })).status).toBe(200);
  await until(() => records(log).length === 1, 'the first run to start');
  await first.stop('SIGKILL');
  await until(() => existsSync(gone), 'the orphaned run to stop');
  expect(records(log).map((record) => `${record.kind} ${record.id}`)).toEqual(['start 0']);

  writeFileSync(release, '');
  const second = await ServerProcess.start(config.yaml);
  servers.push(second);
  expect(second.stderr).toMatch(/delivery journal: .*3 to deliver/);
  await until(() => records(log).filter((record) => record.kind === 'end').length === 3, 'the three deliveries');
  const afterRestart = records(log).slice(1);
  expect(afterRestart.map((record) => `${record.kind} ${record.id}`)).toEqual(['start 0', 'end 0', 'start 1', 'end 1', 'start 2', 'end 2']);
  expect(overlaps(afterRestart)).toEqual([]);
});
