import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sampleBody } from './providers.js';
import { senderCases } from './verify-cases.js';

describe('gitea-verify', () => {
  const { deliver } = senderCases('gitea', { missing: 'missing X-Gitea-Signature or X-Forgejo-Signature' });
  const body = sampleBody();
  const signature = createHmac('sha256', 'gitea-Secret-93ab7f').update(body).digest('hex');

  it("accepts Forgejo's X-Forgejo-Signature", async () => {
    expect((await deliver('/hook', body, { 'X-Forgejo-Signature': signature })).status).toBe(200);
  });

  it('refuses a signature that is not 64 hex digits', async () => {
    for (const value of [signature.slice(2), `sha256=${signature}`, signature.replace(/.$/, 'g')]) {
      const result = await deliver('/hook', body, { 'X-Gitea-Signature': value });
      expect(result.status).toBe(401);
      expect(result.stderr).toContain('failed: malformed X-Gitea-Signature (expected 64 hex digits)');
    }
  });
});
