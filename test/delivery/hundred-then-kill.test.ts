import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';
import { journalConfig, until } from './delivery-helpers.js';

const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop('SIGKILL')));
});

it('100 accepted async requests, then kill -9: all 100 are delivered after the restart, each once', async () => {
  const dir = tempDir();
  const log = join(dir, 'done.log');
  const release = join(dir, 'release');
  const gone = join(dir, 'gone');
  const config = journalConfig(
    (stateDir) => `
server: { port: 0, state_dir: '${stateDir}', max_concurrency: 1 }
endpoints:
  - /work:
      async: true
      actions:
        - execute:
            command: 'while [ ! -e ${release} ]; do kill -0 $PPID 2>/dev/null || { echo gone >> ${gone}; exit 1; }; sleep 0.01; done; echo "done $N" >> ${log}'
            env: { N: '{{ request.json.n }}' }
`,
  );
  const first = await ServerProcess.start(config.yaml);
  servers.push(first);
  const answers = await Promise.all(
    Array.from({ length: 100 }, async (_, n) => (await fetch(`${first.url}/work`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ n }) })).status),
  );
  expect(answers.every((status) => status === 200)).toBe(true);
  await first.stop('SIGKILL');
  // the one command running outlives a server killed with -9; it notices and stops
  await until(() => existsSync(gone), 'the orphaned command to stop');

  writeFileSync(release, '');
  const second = await ServerProcess.start(config.yaml);
  servers.push(second);
  expect(second.stderr).toMatch(/delivery journal: .*100 to deliver/);
  const done = () => (existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : []);
  await until(() => done().length >= 100, 'all 100 deliveries', 60_000);
  await until(() => (second.stderr.match(/attempt 1 of 1 succeeded/g)?.length ?? 0) === 100, 'the 100 attempt lines', 10_000);
  expect(done().sort()).toEqual(Array.from({ length: 100 }, (_, n) => `done ${n}`).sort());
});
