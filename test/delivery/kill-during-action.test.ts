import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';
import { count, journalConfig, until } from './delivery-helpers.js';

const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop('SIGKILL')));
});

it('kill -9 while a slow async action runs: after a restart it runs again and completes; nothing else runs twice', async () => {
  const dir = tempDir();
  const log = join(dir, 'actions.log');
  const release = join(dir, 'release');
  const config = journalConfig(
    (stateDir) => `
server: { port: 0, state_dir: '${stateDir}' }
endpoints:
  - /slow:
      async: true
      actions:
        - execute: { command: 'echo "before $N" >> ${log}', env: { N: '{{ request.json.n }}' } }
        - execute: { command: 'echo "start $N" >> ${log}; while [ ! -e ${release} ]; do kill -0 $PPID 2>/dev/null || { echo "gone $N" >> ${log}; exit 1; }; sleep 0.01; done; echo "end $N" >> ${log}', env: { N: '{{ request.json.n }}' } }
        - execute: { command: 'echo "after $N" >> ${log}', env: { N: '{{ request.json.n }}' } }
`,
  );
  const lines = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
  const first = await ServerProcess.start(config.yaml);
  servers.push(first);
  expect((await first.post('/slow', { n: 1 })).status).toBe(200);
  await until(() => lines().includes('start 1'), 'the slow action to start');
  await first.stop('SIGKILL');
  // the command outlives a server killed with -9; it notices and stops, as a real one would not
  await until(() => lines().includes('gone 1'), 'the orphaned command to stop');

  writeFileSync(release, '');
  const second = await ServerProcess.start(config.yaml);
  servers.push(second);
  await until(() => lines().includes('after 1'), 'the chain to complete after the restart');
  expect(second.stderr).toMatch(/delivery journal: .*1 left unfinished by a previous run continue/);
  await second.waitFor('stderr', /delivery \S+ POST \/slow: attempt 1 of 1 succeeded/);
  expect(lines()).toEqual(['before 1', 'start 1', 'gone 1', 'start 1', 'end 1', 'after 1']);
  expect(count(lines().join('\n'), /before/)).toBe(1);
});
