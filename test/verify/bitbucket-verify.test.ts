import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sampleBody } from './providers.js';
import { senderCases } from './verify-cases.js';

describe('bitbucket-verify', () => {
  const { deliver } = senderCases('bitbucket', { missing: 'missing X-Hub-Signature' });
  const body = sampleBody();

  it('refuses a sha1 signature and one without the sha256= prefix, even when the MAC is right', async () => {
    const sha1 = createHmac('sha1', 'bitbucket-Secret-93ab7f').update(body).digest('hex');
    const sha256 = createHmac('sha256', 'bitbucket-Secret-93ab7f').update(body).digest('hex');
    for (const value of [`sha1=${sha1}`, sha256, `SHA256=${sha256}`]) {
      const result = await deliver('/hook', body, { 'X-Hub-Signature': value });
      expect(result.status).toBe(401);
      expect(result.stderr).toContain('failed: malformed X-Hub-Signature (expected sha256=<64 hex digits>)');
    }
  });
});
