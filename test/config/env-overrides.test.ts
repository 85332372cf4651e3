import { spawn } from 'node:child_process';
import { expect, it } from 'vitest';
import { CLI, runCli, tempDir, writeConfig } from '../helpers/cli.js';

// WEBHOOK_PROXY_CONFIG names the config when no argument does; WEBHOOK_PROXY_HOST overrides
// server.host; WEBHOOK_PROXY_PORT, then PORT, override server.port.
const CONFIG = (server: string) => `server: { ${server} }\nendpoints:\n  - /hook:\n      actions:\n        - log: { message: ran }\n`;

/** Starts the CLI (no config argument unless given) and returns the URL it listens on; stops it. */
async function listeningUrl(env: Record<string, string>, args: string[] = []): Promise<string> {
  const child = spawn(process.execPath, [CLI, ...args], { cwd: tempDir(), env: { ...process.env, PORT: '', ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr!.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const found = / on (http:\/\/\S+)/.exec(stderr);
      if (found) resolve(found[1]!);
    });
    child.on('close', (code) => reject(new Error(`exited with ${code}: ${stderr}`)));
  });
  const response = await fetch(`${url}/hook`, { method: 'POST' });
  expect(response.status).toBe(200);
  child.kill('SIGTERM');
  return url;
}

it('WEBHOOK_PROXY_CONFIG is the config file when none is given; an argument wins over it', async () => {
  const file = writeConfig(CONFIG('port: 0'));
  const check = await runCli(['check'], { cwd: tempDir(), env: { WEBHOOK_PROXY_CONFIG: file } });
  expect(check).toMatchObject({ code: 0, stdout: `${file}: OK (1 endpoint, target node)\n` });
  expect(await listeningUrl({ WEBHOOK_PROXY_CONFIG: file })).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  const other = writeConfig(CONFIG('port: 0'));
  expect((await runCli(['check', other], { env: { WEBHOOK_PROXY_CONFIG: file } })).stdout).toBe(`${other}: OK (1 endpoint, target node)\n`);
});

it('WEBHOOK_PROXY_HOST and WEBHOOK_PROXY_PORT override the file; WEBHOOK_PROXY_PORT wins over PORT', async () => {
  // the file's address cannot be listened on here: only the overrides make the server start
  const file = writeConfig(CONFIG('host: 203.0.113.9, port: 1'));
  const url = await listeningUrl({ WEBHOOK_PROXY_HOST: '127.0.0.1', WEBHOOK_PROXY_PORT: '0', PORT: '1' }, [file]);
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(url).not.toMatch(/:1$/);
});

it('PORT overrides server.port when WEBHOOK_PROXY_PORT is not set (an empty one counts as unset)', async () => {
  const file = writeConfig(CONFIG('port: 1'));
  const url = await listeningUrl({ PORT: '0', WEBHOOK_PROXY_PORT: '' }, [file]);
  expect(url).not.toMatch(/:1$/);
});

it.each([
  [{ WEBHOOK_PROXY_PORT: '80a' }, 'WEBHOOK_PROXY_PORT must be a port number (0-65535), not "80a"'],
  [{ PORT: '70000' }, 'PORT must be a port number (0-65535), not "70000"'],
])('a bad value is an error naming the variable: %o', async (env, message) => {
  const file = writeConfig(CONFIG('port: 0'));
  const run = await runCli([file], { env: { PORT: '', ...env } });
  expect(run.code).toBe(1);
  expect(run.stderr).toBe(`${message}\n`);
  const check = await runCli(['check', file], { env: { PORT: '', ...env } });
  expect(check).toMatchObject({ code: 1, stderr: `${message}\n` });
});
