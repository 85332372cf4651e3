import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';

const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };

describe('the webhook-proxy command', () => {
  it('--version prints the package version', async () => {
    expect(await runCli(['--version'])).toMatchObject({ code: 0, stdout: `webhook-proxy ${version}\n` });
  });

  it('--help prints the usage', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/webhook-proxy \[server\.yml\]/);
    expect(result.stdout).toMatch(/webhook-proxy check/);
  });

  it('more than one config file is a usage error (exit 2)', async () => {
    const result = await runCli(['a.yml', 'b.yml']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/expected at most one config file, got 2 arguments/);
  });

  it('an unknown option is a usage error (exit 2)', async () => {
    expect((await runCli(['--frobnicate'])).code).toBe(2);
    expect((await runCli(['check', '--target', 'mainframe'])).code).toBe(2);
  });

  it('uses ./server.yml when no file is given', async () => {
    const file = writeConfig('endpoints:\n  - /x:\n');
    const result = await runCli(['check'], { cwd: file.replace(/server\.yml$/, '') });
    expect(result).toMatchObject({ code: 0, stdout: 'server.yml: OK (1 endpoint, target node)\n' });
  });

  it('check validates and exits 0 or 1', async () => {
    expect((await runCli(['check', writeConfig('endpoints:\n  - /x:\n')])).code).toBe(0);
    const bad = await runCli(['check', writeConfig('endpoints:\n  - /x:\n      actions:\n        - nope:\n')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/unknown action "nope"/);
  });

  it('check --target cloudflare refuses execute, naming the endpoint, the action and the relay pattern', async () => {
    const file = writeConfig('endpoints:\n  - /x:\n      actions:\n        - log:\n        - execute:\n            command: ls\n');
    const result = await runCli(['check', file, '--target', 'cloudflare']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /:5:11 endpoints\[0\]\.\/x\.actions\[1\]\.execute: the "execute" action cannot run on cloudflare .*Forward the request to a webhook-proxy on Node with an "http" action/,
    );
    expect((await runCli(['check', file, '--target=lambda'])).code).toBe(0);
  });

  it('refuses an unknown endpoint key, suggesting the known one (a typo must not switch a rule off)', async () => {
    const result = await runCli(['check', writeConfig('endpoints:\n  - /x:\n      header:\n        X-A: b\n')]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^\S+:3:7 endpoints\[0\]\.\/x: unknown key "header": did you mean "headers"\?/);
  });
});
