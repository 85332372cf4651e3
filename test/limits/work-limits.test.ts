import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, ServerProcess, tempDir, writeConfig } from '../helpers/cli.js';

// Commands record "start N" / "end N" lines in a log file and block until a release file exists,
// so how many ran at once is read from the records, not from timing.
const dir = tempDir();
const blockingCommand = (log: string, release: string) => `echo "start $N" >> ${log}; while [ ! -e ${release} ]; do sleep 0.01; done; echo "end $N" >> ${log}`;

function records(log: string): string[] {
  return existsSync(log) ? readFileSync(log, 'utf8').split('\n').filter(Boolean) : [];
}

/** The most commands that had started and not yet ended at any point of the log. */
function maxOverlap(lines: string[]): number {
  let now = 0;
  let most = 0;
  for (const line of lines) {
    now += line.startsWith('start') ? 1 : -1;
    most = Math.max(most, now);
  }
  return most;
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

const servers: ServerProcess[] = [];
const leftovers: number[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop('SIGKILL')));
  for (const pid of leftovers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // gone, as it should be
    }
  }
});

describe('max_concurrency and max_pending', () => {
  it('an async flood: two run at once, three wait, the rest get 503 with Retry-After', async () => {
    const log = join(dir, 'flood.log');
    const release = join(dir, 'flood.release');
    const server = await ServerProcess.start(`
server: { port: 0, max_concurrency: 2, max_pending: 3 }
endpoints:
  - /work:
      async: true
      actions:
        - execute:
            command: '${blockingCommand(log, release)}'
            env: { N: '{{ request.json.n }}' }
`);
    servers.push(server);
    const answers = await Promise.all(
      Array.from({ length: 20 }, async (_, n) => {
        const response = await fetch(`${server.url}/work`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ n }) });
        return { status: response.status, retryAfter: response.headers.get('retry-after'), text: await response.text() };
      }),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(5);
    const refused = answers.filter((answer) => answer.status !== 200);
    expect(refused).toHaveLength(15);
    for (const answer of refused) expect(answer).toEqual({ status: 503, retryAfter: '5', text: 'Service Unavailable: too many requests waiting' });

    await until(() => records(log).length >= 2, 'the first two commands to start');
    writeFileSync(release, '');
    await until(() => records(log).filter((line) => line.startsWith('end')).length === 5, 'the five accepted commands to end');
    const lines = records(log);
    expect(lines.filter((line) => line.startsWith('start'))).toHaveLength(5);
    expect(maxOverlap(lines)).toBe(2);
  });

  it('a synchronous request waits for a slot instead of being refused, after the work queued before it', async () => {
    const log = join(dir, 'sync.log');
    const release = join(dir, 'sync.release');
    const server = await ServerProcess.start(`
server: { port: 0, max_concurrency: 1, max_pending: 1 }
endpoints:
  - /async:
      async: true
      actions:
        - execute:
            command: '${blockingCommand(log, release)}'
            env: { N: 'async {{ request.json.n }}' }
  - /sync:
      actions:
        - execute:
            command: 'echo "start sync" >> ${log}; echo "end sync" >> ${log}'
`);
    servers.push(server);
    expect((await server.post('/async', { n: 1 })).status).toBe(200);
    expect((await server.post('/async', { n: 2 })).status).toBe(200);
    await until(() => records(log).length === 1, 'the first async command to start');
    const sync = server.post('/sync', {});
    // the queue is full for async requests, not for synchronous ones
    expect((await server.post('/async', { n: 3 })).status).toBe(503);
    writeFileSync(release, '');
    expect((await sync).status).toBe(200);
    expect(records(log)).toEqual(['start async 1', 'end async 1', 'start async 2', 'end async 2', 'start sync', 'end sync']);
  });

  it('refuses a limit that is not a whole number of at least 1', async () => {
    for (const [key, value] of [
      ['max_concurrency', '0'],
      ['max_pending', '1.5'],
      ['max_concurrency', 'many'],
    ]) {
      const result = await runCli(['check', writeConfig(`server: { ${key}: ${value} }\nendpoints:\n  - /x:\n      actions:\n        - log: { message: x }\n`)]);
      expect(result.code, `${key}: ${value}`).toBe(1);
      expect(result.stderr).toContain(`server.${key}`);
    }
  });
});

describe('shutdown past shutdown_timeout', () => {
  it('kills a running command with everything it started', async () => {
    const pidFile = join(dir, 'grandchild.pid');
    const server = await ServerProcess.start(`
server: { port: 0, shutdown_timeout: 0.5 }
endpoints:
  - /start:
      async: true
      actions:
        - execute:
            command: 'sleep 1000 & echo $! > ${pidFile}.tmp && mv ${pidFile}.tmp ${pidFile}; wait'
`);
    servers.push(server);
    expect((await server.post('/start', {})).status).toBe(200);
    await until(() => existsSync(pidFile), 'the grandchild to start');
    const pid = Number(readFileSync(pidFile, 'utf8'));
    leftovers.push(pid);
    expect(alive(pid)).toBe(true);
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(server.stderr).toMatch(/killed 1 command\(s\) still running/);
    await until(() => !alive(pid), `the grandchild sleep (pid ${pid}) to be gone`);
  });
});

/** Running (a zombie waiting for its reaper is not). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return false;
  }
  return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
}
