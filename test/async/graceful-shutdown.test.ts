import { expect, it } from 'vitest';
import { ServerProcess, tempDir } from '../helpers/cli.js';

const CONFIG = (timeout: number) => `
server: { port: 0, shutdown_timeout: ${timeout} }
endpoints:
  - /slow:
      async: true
      actions:
        - sleep: { seconds: 1, output: 'started {{ request.json.n }}' }
        - log: { message: 'finished {{ request.json.n }}' }
  - /slow-sync:
      actions:
        - sleep: { seconds: 1, output: 'sync started' }
        - log: { message: 'sync finished' }
`;

it('SIGTERM while an async action runs: it completes, then the process exits 0', async () => {
  const server = await ServerProcess.start(CONFIG(10));
  expect((await server.post('/slow', { n: 1 })).status).toBe(200);
  await server.waitFor('stdout', /started 1/);
  expect(await server.stop('SIGTERM')).toBe(0);
  expect(server.stdout).toContain('finished 1\n');
  expect(server.stderr).toMatch(/received SIGTERM: no longer accepting requests/);
});

it('SIGINT drains an in-flight synchronous request, which still gets its answer', async () => {
  const server = await ServerProcess.start(CONFIG(10));
  const pending = server.post('/slow-sync', {});
  await server.waitFor('stdout', /sync started/);
  const exit = server.stop('SIGINT');
  expect((await pending).status).toBe(200);
  expect(await exit).toBe(0);
  expect(server.stdout).toContain('sync finished\n');
});

it('gives up after shutdown_timeout and says what it interrupted; the next start finishes it', async () => {
  const dir = tempDir();
  const server = await ServerProcess.start(CONFIG(0.2), { cwd: dir });
  expect((await server.post('/slow', { n: 2 })).status).toBe(200);
  await server.waitFor('stdout', /started 2/);
  expect(await server.stop('SIGTERM')).toBe(0);
  // the process exited before the one-second sleep could finish the chain
  expect(server.stdout).not.toContain('finished 2');
  expect(server.stderr).toMatch(/shutdown timeout reached: 0 request\(s\) still unanswered; 1 delivery attempt\(s\) interrupted, kept in the journal for the next start/);
  // the same state directory: the interrupted delivery runs again, to the end
  const next = await ServerProcess.start(CONFIG(10), { cwd: dir });
  await next.waitFor('stdout', /finished 2/);
  await next.stop();
});
