import { afterAll, expect, it } from 'vitest';
import { runCli, ServerProcess } from '../helpers/cli.js';
import { count, journalConfig, until } from './delivery-helpers.js';

const servers: ServerProcess[] = [];
afterAll(async () => {
  await Promise.all(servers.map((server) => server.stop('SIGKILL')));
});

const replayConfig = (seconds: string) =>
  journalConfig(
    (stateDir) => `
server: { port: 0, state_dir: '${stateDir}' }
endpoints:
  - /replayed:
      body: { n: '^[0-9]+$' }
      actions:
        - log: { message: 'run {{ request.json.n }}' }
        - eval: { block: '{{ replay(${seconds}) }}' }
        - log: { message: 'after replay {{ request.json.n }}' }
  - /illegal:
      actions:
        - eval: { block: '{{ replay(request.json.s) }}' }
`,
  );

it("replay(0.3) sends the request through the endpoint again (the original's test_replay); later actions still run", async () => {
  const config = replayConfig('0.3');
  const server = await ServerProcess.start(config.yaml);
  servers.push(server);
  const answer = await server.post('/replayed', { n: 5 });
  expect(answer.status).toBe(200);
  expect(server.stdout).toContain('Replay requested on /replayed\nafter replay 5\n');
  await until(() => count(server.stdout, /run 5\n/) >= 2, 'the replay to run the endpoint again');
  expect(server.stdout).toMatch(/run 5\nReplay requested on \/replayed\nafter replay 5\nReplaying request on \/replayed\nrun 5\n/);
});

it('replay() takes a number of seconds > 0, else the action fails with "Illegal replay interval"', async () => {
  const server = await ServerProcess.start(replayConfig('0.3').yaml);
  servers.push(server);
  for (const [value, shown] of [
    [0, '0.00'],
    [-2, '-2.00'],
    ['soon', 'soon'],
  ] as const) {
    expect((await server.post('/illegal', { s: value })).status).toBe(500);
    await server.waitFor('stderr', new RegExp(`action 0 \\(eval\\) failed: Illegal replay interval: ${shown}\\n`));
  }
});

it('a replay kept in the journal survives a restart in between', async () => {
  const config = replayConfig('1');
  const first = await ServerProcess.start(config.yaml);
  servers.push(first);
  expect((await first.post('/replayed', { n: 8 })).status).toBe(200);
  await first.stop('SIGKILL');
  const listed = await runCli(['deliveries', config.file]);
  expect(listed.stdout).toMatch(/POST \/replayed \(replay\)\s+pending/);

  const second = await ServerProcess.start(config.yaml);
  servers.push(second);
  await second.waitFor('stdout', /Replaying request on \/replayed\nrun 8\n/, 20_000);
});
