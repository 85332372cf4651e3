import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, tempDir, writeConfig } from '../helpers/cli.js';

/** Starts the CLI on a config and expects a one-line startup error with exit 1. */
async function startupError(yaml: string): Promise<string> {
  const file = writeConfig(yaml);
  const result = await runCli([file]);
  expect(result.code).toBe(1);
  expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  return result.stderr.trim().replace(file, 'server.yml');
}

const VALID_ENDPOINT = `
endpoints:
  - /hook:
      actions:
        - log:
`;

describe('startup errors name the file, line, column and key path', () => {
  it('a missing config file', async () => {
    const result = await runCli([join(tempDir(), 'missing.yml')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/cannot read the config file ".*missing\.yml": no such file/);
  });

  it('a YAML syntax error', async () => {
    expect(await startupError('endpoints:\n  - /hook:\n      actions: [log\n')).toMatch(/^server\.yml:\d+:\d+: invalid YAML: /);
  });

  it('an empty file', async () => {
    expect(await startupError('')).toBe('server.yml:1:1: the file is empty: it needs an "endpoints" list');
  });

  it.each([['endpoints:\n'], ['endpoints: []\n'], ['server:\n  port: 0\n']])('no endpoints: %j', async (yaml) => {
    expect(await startupError(yaml)).toMatch(/No endpoints defined/);
  });

  it.each([['endpoints:\n  - "":\n      method: POST\n'], ['endpoints:\n  - ~:\n      method: POST\n']])('a route that is empty or null: %j', async (yaml) => {
    expect(await startupError(yaml)).toMatch(/^server\.yml:2:5 endpoints\[0\]: An endpoint must have its route defined/);
  });

  it('an unknown action', async () => {
    const message = await startupError('endpoints:\n  - /hook:\n      actions:\n        - lgo:\n');
    expect(message).toMatch(/^server\.yml:4:11 endpoints\[0\]\.\/hook\.actions\[0\]: unknown action "lgo": did you mean "log"\? \(registered: log, eval, execute, http, github-verify, sleep\b.*\)$/);
  });

  it('an unknown action key, with the known ones', async () => {
    const message = await startupError('endpoints:\n  - /github:\n      actions:\n        - log:\n        - execute:\n            comand: ls\n');
    expect(message).toMatch(/^server\.yml:6:13 endpoints\[0\]\.\/github\.actions\[1\]\.execute: unknown key "comand": did you mean "command"\? \(known: command, shell, output, env, .*timeout.*\)$/);
  });

  it.each([
    ['eval', 'block'],
    ['execute', 'command'],
    ['sleep', 'seconds'],
    ['http', 'target'],
    ['github-verify', 'secret'],
  ])('%s without its required "%s"', async (action, key) => {
    const message = await startupError(`endpoints:\n  - /hook:\n      actions:\n        - ${action}:\n`);
    expect(message).toBe(`server.yml:4:11 endpoints[0]./hook.actions[0].${action}: missing required key "${key}"`);
  });

  it('an unknown key in the server section', async () => {
    expect(await startupError(`server:\n  hots: 0.0.0.0\n${VALID_ENDPOINT}`)).toMatch(
      /^server\.yml:2:3 server: unknown key "hots": did you mean "host"\? \(known: host, port, imports, max_body_size, shutdown_timeout\b.*\)$/,
    );
  });

  it('a port that is not a number', async () => {
    expect(await startupError(`server:\n  port: http\n${VALID_ENDPOINT}`)).toBe('server.yml:2:9 server.port: must be a port number (0-65535), not "http"');
  });

  it('the same route twice, even with different methods', async () => {
    const message = await startupError('endpoints:\n  - /hook:\n      method: GET\n  - /hook:\n      method: POST\n');
    expect(message).toBe('server.yml:4:5 endpoints[1]./hook: the route "/hook" is defined twice (first at line 2)');
  });

  it('a template that does not compile, pointing at its line', async () => {
    const message = await startupError('endpoints:\n  - /hook:\n      actions:\n        - log:\n            message: |\n              fine\n              {% for x in y %}\n');
    expect(message).toMatch(/^server\.yml:\d+:\d+ endpoints\[0\]\.\/hook\.actions\[0\]\.log\.message: template does not compile: /);
  });

  it('a rule JavaScript cannot express', async () => {
    const message = await startupError('endpoints:\n  - /hook:\n      body:\n        ref: "(?(1)a|b)"\n');
    expect(message).toBe('server.yml:4:14 endpoints[0]./hook.body.ref: rule "(?(1)a|b)" cannot be used: conditional groups "(?(...)...)" are not supported');
  });

  it('execute with an empty shell', async () => {
    const message = await startupError("endpoints:\n  - /hook:\n      actions:\n        - execute:\n            command: ls\n            shell: ''\n");
    expect(message).toMatch(/^server\.yml:6:20 endpoints\[0\]\.\/hook\.actions\[0\]\.execute\.shell: must be true, false, a shell program/);
  });

  it('a malformed route', async () => {
    expect(await startupError('endpoints:\n  - /hook/<bogus:id>:\n')).toMatch(/^server\.yml:2:5 endpoints\[0\]\.\/hook\/<bogus:id>: invalid route: unknown converter "bogus"/);
  });

  it('DEBUG adds the stack trace', async () => {
    const file = writeConfig('');
    const result = await runCli([file], { env: { DEBUG: '1' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/\n\s+at /);
  });
});
