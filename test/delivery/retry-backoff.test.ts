import { afterAll, expect, it } from 'vitest';
import { runCli, ServerProcess } from '../helpers/cli.js';
import { count, journalConfig, Receiver } from './delivery-helpers.js';

let receiver: Receiver;
let server: ServerProcess;
afterAll(async () => {
  await server?.stop('SIGKILL');
  await receiver?.close();
});

it('a receiver that fails twice: three attempts spaced by the doubling backoff, resuming at the failed action; earlier actions ran once', async () => {
  receiver = await Receiver.start();
  let answers = 0;
  receiver.status = () => (++answers <= 2 ? 503 : 200);
  const config = journalConfig(
    (stateDir) => `
server: { port: 0, state_dir: '${stateDir}' }
endpoints:
  - /hook:
      async: true
      retry: { attempts: 3, delay: 0.2, max_delay: 10 }
      actions:
        - eval: { block: 'first {{ request.json.n }}{% set _ = context.set("seen", request.json.n * 10) %}' }
        - http: { target: '${receiver.url}', method: POST, body: 'n={{ request.json.n }} seen={{ context.seen }}', fail_on_error: true }
        - log: { message: 'last {{ context.seen }}' }
`,
  );
  server = await ServerProcess.start(config.yaml);
  expect((await server.post('/hook', { n: 4 })).status).toBe(200);
  await server.waitFor('stdout', /last 40\n/, 20_000);
  await server.waitFor('stderr', /attempt 3 of 3 succeeded/);

  const attempts = [...server.stderr.matchAll(/delivery (\S+) POST \/hook: attempt (\d) of 3 (succeeded|failed at action 1 \(http\): HTTP call failed \(HTTP 503\); next attempt in ([\d.]+) s)/g)];
  expect(attempts.map((match) => Number(match[2]))).toEqual([1, 2, 3]);
  expect(attempts.map((match) => match[3]!.split(' ')[0])).toEqual(['failed', 'failed', 'succeeded']);
  // delay × 2^(n−1) ± 20 %: 0.16–0.24 s, then 0.32–0.48 s, as the line prints them (to 0.1 s)
  const waits = attempts.slice(0, 2).map((match) => Number(match[4]));
  expect(waits[0]).toBeGreaterThanOrEqual(0.1);
  expect(waits[0]).toBeLessThanOrEqual(0.2);
  expect(waits[1]).toBeGreaterThanOrEqual(0.3);
  expect(waits[1]).toBeLessThanOrEqual(0.5);
  expect(new Set(attempts.map((match) => match[1])).size).toBe(1);

  // the first action ran once; the retried one saw the context it left
  expect(count(server.stdout, /first 4/)).toBe(1);
  expect(receiver.bodies).toEqual(['n=4 seen=40', 'n=4 seen=40', 'n=4 seen=40']);
  expect(count(server.stdout, /last 40/)).toBe(1);

  // the journal recorded the same attempts
  const id = attempts[0]![1]!;
  const shown = await runCli(['deliveries', 'show', id, config.file]);
  expect(shown.code, shown.stderr).toBe(0);
  expect(shown.stdout).toMatch(/state: +succeeded/);
  expect(shown.stdout).toMatch(/attempts: +3/);
  const rows = shown.stdout
    .split('attempts:\n')[1]!
    .trim()
    .split('\n')
    .map((line) => line.trim().split(/\s+/).slice(0, 3));
  expect(rows.map(([number, , outcome]) => `${number} ${outcome}`)).toEqual(['1 failed', '2 failed', '3 succeeded']);
});
