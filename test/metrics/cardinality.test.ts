import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sign } from '../helpers/github-payloads.js';
import { InProcessServer } from '../helpers/in-process.js';
import { scrape } from './scrape.js';

// Label values come from requests. Anyone who can reach an endpoint could create a series per
// request (50,000 series: +163 MB) with requests the endpoint refuses, or with values it accepts.
// Refused requests (validation, method, size, signature) create no series, and a metric keeps at
// most max_series label sets; the rest share one __overflow__ series.
const SECRET = 'metrics-test-secret';
const CONFIG = `
server:
  port: 0
  max_body_size: 1KiB
endpoints:
  - /validated:
      headers:
        X-Event: '^push$'
      actions:
        - metrics:
            counter: { name: validated, labels: { repo: '{{ request.json.repo }}' } }
        - metrics:
            gauge: { name: validated_in_progress, labels: { repo: '{{ request.json.repo }}' } }
  - /verified:
      actions:
        - github-verify:
            secret: '{{ read_config("METRICS_SECRET") }}'
        - metrics:
            histogram: { name: verified_seconds, labels: { repo: '{{ request.json.repo }}' } }
  - /capped:
      actions:
        - metrics:
            counter: { name: capped, labels: { repo: '{{ request.json.repo }}', kind: '{{ request.json.kind }}' } }
            max_series: 5
  - /default-cap:
      actions:
        - metrics:
            counter: { name: default_cap, labels: { repo: '{{ request.json.repo }}' } }
`;

describe('metrics cardinality', () => {
  let server: InProcessServer;
  beforeAll(async () => {
    server = await InProcessServer.start(CONFIG, { env: { METRICS_SECRET: SECRET }, metrics: true });
  });
  afterAll(async () => {
    await server?.stop();
  });

  const json = (value: unknown) => ({ method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Event': 'push' }, body: JSON.stringify(value) });

  it('creates no series for refused requests: 409, 405, 413, 400 and 401', async () => {
    for (let i = 0; i < 100; i++) {
      expect((await server.request('/validated', { ...json({ repo: `refused-${i}` }), headers: { 'Content-Type': 'application/json', 'X-Event': `ping-${i}` } })).status).toBe(409);
      expect((await server.request(`/validated?repo=${i}`, { method: 'GET' })).status).toBe(405);
      expect((await server.request('/validated', json({ repo: `big-${i}`, pad: 'x'.repeat(2048) }))).status).toBe(413);
      expect((await server.request('/validated', { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Event': 'push' }, body: `{"repo":"bad-${i}"` })).status).toBe(400);
      const body = Buffer.from(JSON.stringify({ repo: `forged-${i}` }));
      const forged = await server.request('/verified', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': sign('sha256', 'not-the-secret', body) },
        body: new Uint8Array(body),
      });
      expect(forged.status).toBe(401);
    }
    const metrics = await scrape(server);
    expect(metrics.find('validated_total')).toEqual([]);
    expect(metrics.find('validated_in_progress')).toEqual([]);
    expect(metrics.find('verified_seconds_count')).toEqual([]);
  });

  it('records a request that passed validation and the signature check', async () => {
    expect((await server.request('/validated', json({ repo: 'api' }))).status).toBe(200);
    const body = Buffer.from(JSON.stringify({ repo: 'api' }));
    const signed = await server.request('/verified', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'X-Hub-Signature-256': sign('sha256', SECRET, body) },
      body: new Uint8Array(body),
    });
    expect(signed.status).toBe(200);
    const metrics = await scrape(server);
    expect(metrics.find('validated_total')).toEqual([{ name: 'validated_total', labels: { repo: 'api' }, value: 1 }]);
    expect(metrics.value('validated_in_progress', { repo: 'api' })).toBe(0);
    expect(metrics.find('verified_seconds_count')).toEqual([{ name: 'verified_seconds_count', labels: { repo: 'api' }, value: 1 }]);
  });

  it('keeps max_series label sets; later new ones go to one __overflow__ series, with one warning line', async () => {
    for (let i = 0; i < 20; i++) expect((await server.request('/capped', json({ repo: `repo-${i}`, kind: i % 2 ? 'odd' : 'even' }))).status).toBe(200);
    // a label set kept before the cap was reached is still counted as itself
    expect((await server.request('/capped', json({ repo: 'repo-0', kind: 'even' }))).status).toBe(200);
    const metrics = await scrape(server);
    const series = metrics.find('capped_total');
    expect(series).toHaveLength(6);
    expect(metrics.value('capped_total', { repo: 'repo-0', kind: 'even' })).toBe(2);
    expect(metrics.value('capped_total', { repo: '__overflow__', kind: '__overflow__' })).toBe(15);
    const warnings = server.stderr.split('\n').filter((line) => line.includes('max_series'));
    expect(warnings).toEqual(['POST /capped: action 0 (metrics): "capped_total" holds max_series (5) label sets; new ones are recorded under the labels "__overflow__"']);
  });

  it('caps at 1,000 label sets by default', async () => {
    for (let i = 0; i < 1_050; i++) await server.request('/default-cap', json({ repo: `r${i}` }));
    const metrics = await scrape(server);
    expect(metrics.find('default_cap_total')).toHaveLength(1_001);
    expect(metrics.value('default_cap_total', { repo: '__overflow__' })).toBe(50);
    expect(server.stderr.split('\n').filter((line) => line.includes('"default_cap_total" holds max_series (1000)'))).toHaveLength(1);
  });
});
