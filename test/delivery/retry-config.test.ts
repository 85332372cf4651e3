import { expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';

const endpoint = (settings: string) => writeConfig(`endpoints:\n  - /hook:\n${settings}      actions:\n        - log: { message: x }\n`);

it('retry on a synchronous endpoint is a startup error naming it', async () => {
  const file = endpoint('      retry: { attempts: 3 }\n');
  for (const args of [['check', file], [file]]) {
    const result = await runCli(args);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/endpoints\[0\]\.\/hook\.retry: "retry" needs "async: true"/);
  }
});

it('retry keys are checked: unknown ones with a suggestion, attempts and durations by value', async () => {
  const cases: [string, RegExp][] = [
    ['{ attempt: 3 }', /retry: unknown key "attempt": did you mean "attempts"\?/],
    ['{ attempts: 0 }', /retry\.attempts: must be a whole number of attempts from 1 to 100/],
    ['{ attempts: 3, delay: soon }', /retry\.delay: must be a duration/],
    ['{ attempts: 3, delay: 1m, max_delay: 10s }', /retry\.max_delay: must be at least "delay" \(60 s\), not 10 s/],
    ['5', /retry: must be a mapping of attempts, delay and max_delay/],
  ];
  for (const [value, message] of cases) {
    const result = await runCli(['check', endpoint(`      async: true\n      retry: ${value}\n`)]);
    expect(result.code, value).toBe(1);
    expect(result.stderr, value).toMatch(message);
  }
  const ok = await runCli(['check', endpoint('      async: true\n      retry: { attempts: 5, delay: 10s, max_delay: 10m }\n')]);
  expect(ok.code, ok.stderr).toBe(0);
});
