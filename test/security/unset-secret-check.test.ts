import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, ServerProcess, writeConfig } from '../helpers/cli.js';

// Before any request: `check` and the server's start-up banner name every read_config key without a
// default that a rule or a sender check depends on and this environment does not set (the refusals
// at request time are in unset-secret.test.ts).
const CONFIG = `
server: { port: 0 }
endpoints:
  - /github:
      actions:
        - github-verify:
            secret: '{{ read_config("UNSET_GITHUB_SECRET") }}'
  - /github-async:
      async: true
      actions:
        - github-verify:
            secret: '{{ read_config("UNSET_GITHUB_SECRET") }}'
  - /relay:
      actions:
        - verify:
            secret: '{{ read_config("UNSET_RELAY_SECRET") }}'
  - /header-rule:
      headers:
        X-Auth-Key: '{{ read_config("UNSET_AUTH_KEY") }}'
      actions:
        - log: { message: 'ran /header-rule' }
  - /body-rule:
      body:
        token: '{{ read_config("UNSET_BODY_TOKEN") }}'
      actions:
        - log: { message: 'ran /body-rule' }
  - /set:
      actions:
        - github-verify:
            secret: '{{ read_config("SET_SECRET") }}'
`;

const env = { SET_SECRET: 'the-real-secret' };

describe('check and the start-up banner', () => {
  it('check lists every unset key a rule or a sender check depends on, and exits 0', async () => {
    const result = await runCli(['check', writeConfig(CONFIG)], { env });
    expect(result.code).toBe(0);
    for (const key of ['UNSET_GITHUB_SECRET', 'UNSET_RELAY_SECRET', 'UNSET_AUTH_KEY', 'UNSET_BODY_TOKEN']) {
      expect(result.stderr).toContain(`configuration key "${key}" is not set`);
    }
    expect(result.stderr).not.toContain('SET_SECRET"');
    expect(result.stderr).toMatch(/UNSET_AUTH_KEY.*POST \/header-rule: header X-Auth-Key/);
  });

  describe('the server', () => {
    let server: ServerProcess;
    beforeAll(async () => {
      server = await ServerProcess.start(CONFIG, { env });
    });
    afterAll(async () => server.stop());

    it('names each unset key at start-up, one line per place that uses it', () => {
      const banner = (key: string) => server.stderr.split('\n').filter((line) => line.includes(`"${key}" is not set`) && line.includes('will refuse every request'));
      expect(banner('UNSET_GITHUB_SECRET')).toHaveLength(2);
      for (const key of ['UNSET_RELAY_SECRET', 'UNSET_AUTH_KEY', 'UNSET_BODY_TOKEN']) expect(banner(key), key).toHaveLength(1);
      expect(server.stderr).not.toContain('"SET_SECRET"');
    });
  });
});
