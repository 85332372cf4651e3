import { describe, expect, it } from 'vitest';
import { PROVIDERS, sampleBody } from './providers.js';
import { senderCases } from './verify-cases.js';

describe('slack-verify', () => {
  const { deliver } = senderCases('slack', { missing: 'missing X-Slack-Signature', timestamped: true });
  const body = sampleBody();

  it('refuses a delivery without X-Slack-Request-Timestamp, or with another timestamp than the signed one', async () => {
    const headers = await PROVIDERS.slack!.sign('slack-Secret-93ab7f', body);
    const { 'X-Slack-Request-Timestamp': timestamp, ...withoutTime } = headers;
    const missing = await deliver('/hook', body, withoutTime);
    expect(missing.status).toBe(401);
    expect(missing.stderr).toContain('failed: missing X-Slack-Request-Timestamp');
    const moved = await deliver('/hook', body, { ...headers, 'X-Slack-Request-Timestamp': String(Number(timestamp) - 1) });
    expect(moved.status).toBe(401);
    expect(moved.stderr).toContain('failed: signature mismatch');
  });

  it('refuses a timestamp that is not a number of seconds', async () => {
    const headers = await PROVIDERS.slack!.sign('slack-Secret-93ab7f', body);
    const result = await deliver('/hook', body, { ...headers, 'X-Slack-Request-Timestamp': `${headers['X-Slack-Request-Timestamp']}.5` });
    expect(result.status).toBe(401);
    expect(result.stderr).toContain('failed: invalid X-Slack-Request-Timestamp (not a Unix time in seconds)');
  });
});
