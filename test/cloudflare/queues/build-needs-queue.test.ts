import { expect, it } from 'vitest';
import { runCli, writeConfig } from '../../helpers/cli.js';

const retry = 'endpoints:\n  - /hook:\n      async: true\n      retry: { attempts: 3 }\n      actions:\n        - log: { message: x }\n';
const replay = "endpoints:\n  - /hook:\n      actions:\n        - log: { message: x }\n        - eval: { block: '{{ replay(5) }}' }\n";
const QUEUES = 'server: { queue: DELIVERIES, dead_letter_queue: DEAD_DELIVERIES }\n';

it('check --target cloudflare takes retry and replay() with server.queue and server.dead_letter_queue, and refuses them without, naming the keys', async () => {
  const noRetry = await runCli(['check', '--target', 'cloudflare', writeConfig(retry)]);
  expect(noRetry.code).toBe(1);
  expect(noRetry.stderr).toContain('endpoints[0]./hook.retry: "retry" needs server.queue and server.dead_letter_queue on cloudflare');
  expect(noRetry.stderr).toContain('docs/delivery.md');

  const noReplay = await runCli(['check', '--target', 'cloudflare', writeConfig(replay)]);
  expect(noReplay.code).toBe(1);
  expect(noReplay.stderr).toMatch(/:5:11 endpoints\[0\]\.\/hook\.actions\[1\]\.eval: replay\(\) needs server\.queue and server\.dead_letter_queue on cloudflare/);

  for (const yaml of [retry, replay]) {
    const taken = await runCli(['check', '--target', 'cloudflare', writeConfig(QUEUES + yaml)]);
    expect(taken.code, taken.stderr).toBe(0);
  }
});

it('a queue without a dead-letter queue (or the reverse, or the same binding twice) is refused: a dead delivery needs somewhere to go', async () => {
  const cases = [
    ['server: { queue: DELIVERIES }\n', 'server.queue: needs server.dead_letter_queue too, the queue binding dead deliveries are sent to'],
    ['server: { dead_letter_queue: DEAD }\n', 'server.dead_letter_queue: needs server.queue too, the queue binding deliveries go through'],
    ['server: { queue: Q, dead_letter_queue: Q }\n', 'server.dead_letter_queue: must name another binding than server.queue'],
  ] as const;
  for (const [server, message] of cases) {
    const refused = await runCli(['check', '--target', 'cloudflare', writeConfig(server + retry)]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(message);
  }
  const wrongName = await runCli(['check', '--target', 'cloudflare', writeConfig(`server: { queue: 'my-queue', dead_letter_queue: DEAD }\n${retry}`)]);
  expect(wrongName.stderr).toContain('server.queue: must be the name of a queue binding of the Worker');
});
