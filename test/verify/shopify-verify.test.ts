import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { sampleBody } from './providers.js';
import { senderCases } from './verify-cases.js';

describe('shopify-verify', () => {
  const { deliver } = senderCases('shopify', { missing: 'missing X-Shopify-Hmac-Sha256' });
  const body = sampleBody();

  it('refuses a hex signature and a truncated base64 one', async () => {
    const mac = createHmac('sha256', 'shopify-Secret-93ab7f').update(body);
    const digest = mac.digest();
    for (const value of [digest.toString('hex'), digest.subarray(0, 31).toString('base64')]) {
      const result = await deliver('/hook', body, { 'X-Shopify-Hmac-Sha256': value });
      expect(result.status).toBe(401);
      expect(result.stderr).toContain('failed: malformed X-Shopify-Hmac-Sha256');
    }
  });
});
