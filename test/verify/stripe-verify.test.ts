import Stripe from 'stripe';
import { describe, expect, it } from 'vitest';
import { sampleBody } from './providers.js';
import { senderCases } from './verify-cases.js';

describe('stripe-verify', () => {
  const { deliver } = senderCases('stripe', {
    missing: 'missing Stripe-Signature',
    timestamped: true,
    moreEndpoints: `  - /strict:
      actions:
        - stripe-verify: { secret: '{{ read_config("SENDER_SECRET") }}', tolerance: 10 }
`,
  });
  const SECRET = 'stripe-Secret-93ab7f';
  const body = sampleBody();
  const now = () => Math.floor(Date.now() / 1000);
  const header = (secret: string, timestamp = now()) => Stripe.webhooks.generateTestHeaderString({ payload: body.toString('utf8'), secret, timestamp });

  it('accepts any one matching v1 among several (a secret being rolled), and ignores v0', async () => {
    const genuine = header(SECRET);
    const other = header('the-old-secret', Number(/t=(\d+)/.exec(genuine)![1]));
    const combined = `${other},${genuine.split(',')[1]},v0=${'0'.repeat(64)}`;
    expect((await deliver('/hook', body, { 'Stripe-Signature': combined })).status).toBe(200);
  });

  it('refuses more than 10 signatures without looking at them', async () => {
    const genuine = header(SECRET);
    const flood = `${genuine.split(',')[0]},${Array.from({ length: 11 }, () => `v1=${'a'.repeat(64)}`).join(',')},${genuine.split(',')[1]}`;
    const result = await deliver('/hook', body, { 'Stripe-Signature': flood });
    expect(result.status).toBe(401);
    expect(result.stderr).toContain('failed: too many signatures in Stripe-Signature (12; at most 10)');
  });

  it('refuses a header without t= or without v1=', async () => {
    const [t, v1] = header(SECRET).split(',');
    const noTime = await deliver('/hook', body, { 'Stripe-Signature': v1! });
    expect(noTime.stderr).toContain('failed: malformed Stripe-Signature (no t=)');
    const noSignature = await deliver('/hook', body, { 'Stripe-Signature': t! });
    expect(noSignature.stderr).toContain('failed: malformed Stripe-Signature (no v1= signature)');
    expect([noTime.status, noSignature.status]).toEqual([401, 401]);
  });

  it('takes its window from "tolerance"', async () => {
    const result = await deliver('/strict', body, { 'Stripe-Signature': header(SECRET, now() - 60) });
    expect(result.status).toBe(401);
    expect(result.stderr).toMatch(/timestamp 6\d s old \(tolerance 10 s\)/);
    expect((await deliver('/strict', body, { 'Stripe-Signature': header(SECRET) })).status).toBe(200);
  });
});
