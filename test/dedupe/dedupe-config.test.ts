import { describe, expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';

const endpoint = (settings: string) => `
endpoints:
  - /hook:
${settings}
      actions:
        - log:
`;

async function check(yaml: string) {
  const file = writeConfig(yaml);
  const result = await runCli(['check', file]);
  return { ...result, stderr: result.stderr.replace(file, 'server.yml') };
}

describe('dedupe settings are checked when the config is loaded', () => {
  it('accepts a template id and windows in seconds or with ms, s, m, h, d', async () => {
    for (const window of ['3600', '90s', '30m', '1.5h', '7d', '500ms']) {
      const result = await check(endpoint(`      dedupe: '{{ request.headers["X-GitHub-Delivery"] }}'\n      dedupe_window: ${window}`));
      expect({ window, code: result.code, stderr: result.stderr }).toEqual({ window, code: 0, stderr: '' });
    }
  });

  it('refuses a window that is not a duration, or not more than 0', async () => {
    for (const [window, reason] of [
      ['24 hours', 'must be a duration: a number of seconds or a number with ms, s, m, h or d'],
      ['-5m', 'must be a duration'],
      ['0', 'must be more than 0'],
      ['0s', 'must be more than 0'],
    ]) {
      const result = await check(endpoint(`      dedupe: '{{ request.headers["X-GitHub-Delivery"] }}'\n      dedupe_window: ${window}`));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/^server\.yml:5:\d+ endpoints\[0\]\.\/hook\.dedupe_window: /);
      expect(result.stderr).toContain(reason);
    }
  });

  it('refuses a window without an id: it would look like protection that is not there', async () => {
    const result = await check(endpoint('      dedupe_window: 1h'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('"dedupe_window" needs "dedupe" (the template of the delivery id)');
  });

  it('refuses an id that is the same text for every request, or empty', async () => {
    for (const id of ['delivery', "''", '[a, b]']) {
      const result = await check(endpoint(`      dedupe: ${id}`));
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/endpoints\[0\]\.\/hook\.dedupe: must be a template/);
    }
  });

  it('a template that does not compile points at its line', async () => {
    const result = await check(endpoint(`      dedupe: '{{ request.headers["X-GitHub-Delivery"] '`));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^server\.yml:4:\d+ endpoints\[0\]\.\/hook\.dedupe: template does not compile/);
  });

  it('state_dir must be a path and dedupe_kv a binding name', async () => {
    const stateDir = await check(`server: { state_dir: '' }\n${endpoint('')}`);
    expect(stateDir.code).toBe(1);
    expect(stateDir.stderr).toContain('server.state_dir: must be a folder path');
    const kv = await check(`server: { dedupe_kv: 'my-namespace' }\n${endpoint('')}`);
    expect(kv.code).toBe(1);
    expect(kv.stderr).toContain('server.dedupe_kv: must be the name of a KV namespace binding of the Worker');
    expect((await check(`server: { state_dir: /var/lib/webhook-proxy, dedupe_kv: DEDUPE }\n${endpoint('')}`)).code).toBe(0);
  });
});
