import { request } from 'node:http';
import { expect, it } from 'vitest';
import { runCli, ServerProcess, writeConfig } from '../helpers/cli.js';

const hook = `
endpoints:
  - /hook:
      actions:
        - log: { message: 'hook' }
`;

it('does not start with server.ui and no token, unless allow_local on 127.0.0.1 without a proxy in front', async () => {
  const noToken = await runCli([writeConfig(`server: { port: 0, ui: {} }${hook}`)]);
  expect(noToken.code).not.toBe(0);
  expect(noToken.stderr).toContain('server.ui needs a token');

  const empty = await runCli([writeConfig(`server: { port: 0, ui: { token: '{{ read_config("UI_TOKEN_NOT_SET") }}' } }${hook}`)]);
  expect(empty.code).not.toBe(0);
  expect(empty.stderr).toContain('server.ui.token rendered empty (UI_TOKEN_NOT_SET)');

  const everywhere = await runCli([writeConfig(`server: { port: 0, host: 0.0.0.0, ui: { allow_local: true } }${hook}`)]);
  expect(everywhere.code).not.toBe(0);
  expect(everywhere.stderr).toContain('allow_local works only while the server listens on 127.0.0.1 or ::1, not 0.0.0.0');

  const proxied = await runCli([writeConfig(`server: { port: 0, trust_proxy: true, ui: { allow_local: true } }${hook}`)]);
  expect(proxied.code).not.toBe(0);
  expect(proxied.stderr).toContain('allow_local is refused with server.trust_proxy');

  const local = await ServerProcess.start(`server: { port: 0, ui: { allow_local: true, path: /ops/deliveries } }${hook}`);
  try {
    expect((await fetch(`${local.url}/ops/deliveries`)).status).toBe(200);
    // a page elsewhere reaching in through a rebound DNS name names another host
    expect(await statusWithHost(`${local.url}/ops/deliveries`, 'attacker.example')).toBe(403);
    expect(await statusWithHost(`${local.url}/ops/deliveries`, 'localhost')).toBe(200);
    expect((await fetch(`${local.url}/_/deliveries`)).status).toBe(404);
  } finally {
    await local.stop();
  }
});

it('refuses unknown server.ui keys with a suggestion, and a path that is not one', async () => {
  const typo = await runCli(['check', writeConfig(`server: { ui: { tokn: x } }${hook}`)]);
  expect(typo.code).not.toBe(0);
  expect(typo.stderr).toMatch(/unknown key "tokn".*did you mean "token"/);
  const path = await runCli(['check', writeConfig(`server: { ui: { token: x, path: 'deliveries/' } }${hook}`)]);
  expect(path.code).not.toBe(0);
  expect(path.stderr).toContain('path must be a URL path starting with "/"');
});

it('is refused by check and build for lambda and cloudflare, with the reason', async () => {
  const file = writeConfig(`server: { ui: { token: x } }${hook}`);
  for (const target of ['lambda', 'cloudflare']) {
    for (const command of ['check', 'build']) {
      const result = await runCli([command, '--target', target, file]);
      expect(result.code, `${command} --target ${target}`).not.toBe(0);
      expect(result.stderr).toContain(`server.ui cannot be bundled for ${target}: the deliveries page runs on the Node server only`);
    }
  }
});

/** fetch() does not let a caller set Host: node:http does. */
function statusWithHost(url: string, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const sent = request(url, { headers: { Host: host } }, (response) => {
      response.resume();
      resolve(response.statusCode!);
    });
    sent.on('error', reject);
    sent.end();
  });
}
