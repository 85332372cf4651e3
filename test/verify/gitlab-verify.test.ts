import { describe, expect, it } from 'vitest';
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
});
