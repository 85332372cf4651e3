import { expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';

// cloudflare keeps them in Queues with server.queue: test/cloudflare/queues/build-needs-queue.test.ts
it.each(['lambda'])('check --target %s refuses retry and replay() with the reason', async (target) => {
  const retry = await runCli(['check', '--target', target, writeConfig('endpoints:\n  - /hook:\n      async: true\n      retry: { attempts: 3 }\n      actions:\n        - log: { message: x }\n')]);
  expect(retry.code).toBe(1);
  expect(retry.stderr).toContain(`endpoints[0]./hook.retry: "retry" cannot be bundled for ${target}: the delivery journal is not built for ${target} yet`);

  const replay = await runCli(['check', '--target', target, writeConfig("endpoints:\n  - /hook:\n      actions:\n        - log: { message: x }\n        - eval: { block: '{{ replay(5) }}' }\n")]);
  expect(replay.code).toBe(1);
  expect(replay.stderr).toMatch(new RegExp(`:5:11 endpoints\\[0\\]\\./hook\\.actions\\[1\\]\\.eval: replay\\(\\) cannot be bundled for ${target}`));

  // the same config without them passes: async alone still runs as before there
  const plain = await runCli(['check', '--target', target, writeConfig('endpoints:\n  - /hook:\n      async: true\n      actions:\n        - log: { message: x }\n')]);
  expect(plain.code, plain.stderr).toBe(0);
});
