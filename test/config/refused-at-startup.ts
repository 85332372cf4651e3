import { expect } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';

/**
 * Gives a config to `webhook-proxy check` and to the server itself: both must exit 1 with
 * the same one-line message and no stack trace. Returns that line, the file named `server.yml`.
 */
export async function refusedAtStartup(yaml: string): Promise<string> {
  const file = writeConfig(yaml);
  const [check, serve] = await Promise.all([runCli(['check', file]), runCli([file])]);
  for (const result of [check, serve]) {
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
  }
  expect(serve.stderr).toBe(check.stderr);
  const message = check.stderr.replaceAll(file, 'server.yml');
  expect(message.trimEnd().split('\n')).toHaveLength(1);
  return message.trimEnd();
}

/** `webhook-proxy check` accepts the config (exit 0, no warning). */
export async function accepted(yaml: string): Promise<void> {
  const result = await runCli(['check', writeConfig(yaml)]);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
}
