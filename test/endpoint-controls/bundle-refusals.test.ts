import { expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';

const config = (keys: string) => writeConfig(`endpoints:\n  - /deploy:\n      async: true\n${keys}      actions:\n        - log: { message: x }\n`);

it.each([
  ['lambda', 'concurrency', '      concurrency: 1\n', 'a Lambda execution environment runs one request at a time'],
  ['lambda', 'debounce', '      debounce: 30s\n', 'a burst spreads over execution environments that share nothing'],
  ['cloudflare', 'concurrency', '      concurrency: 1\n', 'requests run in many isolates, and a limit across them needs a Durable Object'],
  ['cloudflare', 'debounce', '      debounce: 30s\n', 'a burst spreads over isolates, and holding it across them needs a Durable Object'],
])('check and build --target %s refuse %s with the reason', async (target, key, keys, reason) => {
  const file = config(keys);
  for (const command of [
    ['check', '--target', target, file],
    ['build', '--target', target, file, '--out', `${file}.out`],
  ]) {
    const result = await runCli(command);
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toContain(`endpoints[0]./deploy.${key}: "${key}" cannot be bundled for ${target}: ${reason}`);
  }
});

it.each(['lambda', 'cloudflare'])('check --target %s passes rate_limit and response (they hold per instance, as docs/configuration.md says)', async (target) => {
  const result = await runCli(['check', '--target', target, config("      rate_limit: 60/min\n      rate_limit_key: '{{ request.json.repo }}'\n      response: { status: 202, body: queued }\n")]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
});

it('check --target node passes concurrency and debounce', async () => {
  const result = await runCli(['check', '--target', 'node', config("      concurrency: 1\n      debounce: 30s\n      debounce_key: '{{ request.json.repo }}'\n")]);
  expect(result.code, result.stderr).toBe(0);
});
