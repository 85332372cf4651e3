import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildBundle } from '../helpers/build-bundle.js';
import { runCli, writeConfig } from '../helpers/cli.js';
import { bundleFolder } from './lambda-helpers.js';

// `retry` on Lambda is what its asynchronous invocation gives: at most 3 attempts, its own waits
// (about 1 min, then 2 min), one count per function. `check --target lambda` and `build --target
// lambda` refuse more, naming the limit; replay() is refused with the reason (no scheduler).
const endpoint = (path: string, retry: string) => `  - ${path}:\n      async: true\n      retry: ${retry}\n      actions:\n        - log: { message: x }\n`;
const config = (...endpoints: string[]) => `endpoints:\n${endpoints.join('')}`;

async function check(yaml: string) {
  return runCli(['check', '--target', 'lambda', writeConfig(yaml)]);
}

describe('check --target lambda', () => {
  it('accepts retry within Lambda: 3 attempts with delay 1m, or 2', async () => {
    const three = await check(config(endpoint('/a', '{ attempts: 3, delay: 1m }'), endpoint('/b', '{ attempts: 3, delay: 60s, max_delay: 10m }'), endpoint('/c', '{ attempts: 1 }')));
    expect(three.code, three.stderr).toBe(0);
    const two = await check(config(endpoint('/a', '{ attempts: 2, delay: 1m, max_delay: 1m }')));
    expect(two.code, two.stderr).toBe(0);
  });

  it('refuses more attempts than Lambda runs an event, naming the limit', async () => {
    const result = await check(config(endpoint('/hook', '{ attempts: 5, delay: 1m }')));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('endpoints[0]./hook.retry.attempts: attempts: 5 is more than Lambda gives: its asynchronous invocation runs an event at most 3 times (maximumRetryAttempts 2)');
  });

  it("refuses a delay that is not Lambda's own schedule, the default 10s included", async () => {
    const fast = await check(config(endpoint('/hook', '{ attempts: 3, delay: 5s }')));
    expect(fast.code).toBe(1);
    expect(fast.stderr).toContain(
      'endpoints[0]./hook.retry.delay: delay is 5 s, but Lambda retries on its own schedule: about 1 min after the first attempt, then 2 min after the second. Write delay: 1m',
    );
    const implicit = await check(config(endpoint('/hook', '{ attempts: 2 }')));
    expect(implicit.code).toBe(1);
    expect(implicit.stderr).toContain('delay is 10 s, but Lambda retries on its own schedule');
    const capped = await check(config(endpoint('/hook', '{ attempts: 3, delay: 1m, max_delay: 90s }')));
    expect(capped.code).toBe(1);
    expect(capped.stderr).toContain('endpoints[0]./hook.retry.max_delay: max_delay is 90 s, but Lambda waits about 2 min before the third attempt');
  });

  it('refuses two endpoints asking for different attempts: maximumRetryAttempts is one per function', async () => {
    const result = await check(config(endpoint('/a', '{ attempts: 3, delay: 1m }'), endpoint('/b', '{ attempts: 2, delay: 1m }')));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('endpoints[1]./b.retry.attempts: attempts: 2 differs from endpoints[0]./a (attempts: 3)');
  });

  it('refuses replay() with the reason: an asynchronous invocation cannot wait until the replay is due', async () => {
    const result = await check("endpoints:\n  - /hook:\n      actions:\n        - log: { message: x }\n        - eval: { block: '{{ replay(5) }}' }\n");
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /:5:11 endpoints\[0\]\.\/hook\.actions\[1\]\.eval: replay\(\) cannot be bundled for lambda: an asynchronous Lambda invocation runs at once and cannot wait until the replay is due; it would need a scheduler \(EventBridge Scheduler, or an SQS queue with a delay\)/,
    );
  });
});

describe('build --target lambda', () => {
  it('refuses what check refuses, and builds retry within the limit', async () => {
    const dir = bundleFolder();
    const build = (yaml: string) => buildBundle({ target: 'lambda', configFile: writeConfig(yaml), outDir: join(dir, 'out'), warn: () => {} });
    await expect(build(config(endpoint('/hook', '{ attempts: 4, delay: 1m }')))).rejects.toThrow(/attempts: 4 is more than Lambda gives: its asynchronous invocation runs an event at most 3 times/);
    const built = await build(config(endpoint('/hook', '{ attempts: 3, delay: 1m }')));
    expect(built.file).toMatch(/index\.mjs$/);
  });
});
