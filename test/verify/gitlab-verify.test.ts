import { describe, expect, it } from 'vitest';
import { runCli, writeConfig } from '../helpers/cli.js';
import { sampleBody } from './providers.js';
import { senderCases } from './verify-cases.js';

describe('gitlab-verify', () => {
  const { deliver } = senderCases('gitlab', { missing: 'missing X-Gitlab-Token' });
  const body = sampleBody();

  it('refuses a prefix of the token, a longer token and an empty one', async () => {
    for (const token of ['gitlab-Secret', 'gitlab-Secret-93ab7f0', ' ']) {
      const result = await deliver('/hook', body, { 'X-Gitlab-Token': token });
      expect(result.status).toBe(401);
      expect(result.stderr).toMatch(/action 0 \(gitlab-verify\) failed: (token mismatch|missing X-Gitlab-Token)/);
    }
  });

  it('check names an unset token before the first webhook is refused', async () => {
    const result = await runCli(['check', writeConfig(`endpoints:\n  - /gitlab:\n      actions:\n        - gitlab-verify: { token: '{{ read_config("UNSET_GITLAB_TOKEN") }}' }\n`)], {
      timeoutMs: 30_000,
    });
    expect(result.code).toBe(0);
    expect(result.stderr).toContain('configuration key "UNSET_GITLAB_TOKEN" is not set (read_config without a default): POST /gitlab action 0 (gitlab-verify) will refuse every request');
  });
});
