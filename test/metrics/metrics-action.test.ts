import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';
import { scrape } from './scrape.js';

let server: InProcessServer;
beforeAll(async () => {
  server = await InProcessServer.start(
    `
server: { port: 0 }
endpoints:
  - /histogram:
      actions:
        - metrics: { histogram: { name: hook_seconds, help: Time per hook, buckets: [0.1, 60] } }
        - sleep: { seconds: 0.2, output: slept }
  - /histogram-labelled:
      body: { repo: '.+' }
      actions:
        - metrics:
            histogram:
              name: hook_seconds_by_repo
              labels: { repo: '{{ request.json.repo }}', code: '{{ response.status_code }}' }
  - /summary:
      actions:
        - metrics: { summary: { name: summary_plain } }
        - metrics: { summary: { name: summary_by_event, labels: { event: ' {{ request.headers["X-Event"] }} ' } } }
  - /counter:
      body: { ok: '^yes$' }
      actions:
        - metrics: { counter: { name: counter_plain } }
        - metrics: { counter: { name: counter_by_status_total, labels: { status: '{{ response.status_code }}', who: '{{ request.json.who }}' } } }
  - /gauge:
      actions:
        - metrics: { gauge: { name: in_progress } }
        - metrics: { gauge: { name: in_progress_by_job, labels: { job: '{{ request.json.job }}' } }, output: 'gauge {{ metric }} for {{ request.json.job }}' }
        - sleep: { seconds: 0.6, output: 'working on {{ request.json.job }}' }
  - /namespaced:
      actions:
        - metrics: { counter: { name: deliveries, namespace: webhooks, subsystem: github } }
  - /bad-label:
      actions:
        - metrics: { counter: { name: bad_label, labels: { x: '{{ request.json.missing.deeper }}' } } }
        - log: { message: 'bad-label ran' }
`,
    { metrics: true },
  );
});
afterAll(async () => server.stop());

it('registers unlabelled metrics at startup with zero values, labelled ones on first use', async () => {
  const metrics = await scrape(server);
  expect(metrics.find('hook_seconds_count')).toEqual([{ name: 'hook_seconds_count', labels: {}, value: 0 }]);
  expect(metrics.value('summary_plain_count')).toBe(0);
  expect(metrics.find('counter_plain_total')).toEqual([{ name: 'counter_plain_total', labels: {}, value: 0 }]);
  expect(metrics.find('in_progress')).toEqual([{ name: 'in_progress', labels: {}, value: 0 }]);
  expect(metrics.find('counter_by_status_total')).toEqual([]);
  expect(metrics.text).toMatch(/^# HELP hook_seconds Time per hook$/m);
  // help defaults to the name, as in the original
  expect(metrics.text).toMatch(/^# HELP summary_plain summary_plain$/m);
});

it('histogram without labels: observes the whole endpoint execution into its own buckets', async () => {
  const mark = server.stdout.length;
  expect((await server.post('/histogram')).status).toBe(200);
  expect(server.linesSince(mark)).toEqual(['Tracking metrics: hook_seconds', 'slept']);
  const metrics = await scrape(server);
  expect(metrics.value('hook_seconds_count')).toBe(1);
  expect(metrics.value('hook_seconds_sum')).toBeGreaterThanOrEqual(0.2);
  expect(metrics.value('hook_seconds_bucket', { le: '0.1' })).toBe(0);
  expect(metrics.value('hook_seconds_bucket', { le: '60' })).toBe(1);
  expect(metrics.value('hook_seconds_bucket', { le: '+Inf' })).toBe(1);
});

it('histogram with labels from the payload and from response.status_code; refused requests are not recorded', async () => {
  await server.post('/histogram-labelled', { repo: 'api' });
  await server.post('/histogram-labelled', { repo: 'api' });
  await server.post('/histogram-labelled', { repo: 'web' });
  await server.post('/histogram-labelled', { repo: '' });
  const metrics = await scrape(server);
  expect(metrics.value('hook_seconds_by_repo_count', { repo: 'api', code: '200' })).toBe(2);
  expect(metrics.value('hook_seconds_by_repo_count', { repo: 'web', code: '200' })).toBe(1);
  expect(metrics.find('hook_seconds_by_repo_count', { repo: '' })).toEqual([]);
  expect(metrics.find('hook_seconds_by_repo_count')).toHaveLength(2);
});

it('summary with and without labels: _count and _sum, label values stripped of whitespace', async () => {
  await server.post('/summary', undefined, { 'X-Event': 'push' });
  await server.post('/summary', undefined, { 'X-Event': 'push' });
  await server.post('/summary', undefined, { 'X-Event': 'ping' });
  const metrics = await scrape(server);
  expect(metrics.value('summary_plain_count')).toBe(3);
  expect(metrics.value('summary_plain_sum')).toBeGreaterThan(0);
  expect(metrics.value('summary_by_event_count', { event: 'push' })).toBe(2);
  expect(metrics.value('summary_by_event_count', { event: 'ping' })).toBe(1);
  expect(metrics.find('summary_by_event')).toEqual([]);
});

it('counter with and without labels counts every validated request, not the refused ones (409, 405); a given _total is not doubled', async () => {
  await server.post('/counter', { ok: 'yes', who: 'ann' });
  await server.post('/counter', { ok: 'yes', who: 'ann' });
  await server.post('/counter', { ok: 'no', who: 'bob' });
  await server.request('/counter');
  const metrics = await scrape(server);
  expect(metrics.value('counter_plain_total')).toBe(2);
  expect(metrics.value('counter_by_status_total', { status: '200', who: 'ann' })).toBe(2);
  expect(metrics.find('counter_by_status_total')).toHaveLength(1);
  expect(metrics.find('counter_by_status_total_total')).toEqual([]);
});

it('gauge: counts requests in progress while the endpoint runs and is back to 0 after', async () => {
  const first = server.post('/gauge', { job: 'build' });
  const second = server.post('/gauge', { job: 'build' });
  const third = server.post('/gauge', { job: 'deploy' });
  await server.waitFor('stdout', /(working on \w+\n[^]*){3}/);
  const during = await scrape(server);
  expect(during.value('in_progress')).toBe(3);
  expect(during.value('in_progress_by_job', { job: 'build' })).toBe(2);
  expect(during.value('in_progress_by_job', { job: 'deploy' })).toBe(1);
  expect(server.stdout).toContain('gauge in_progress_by_job for deploy\n');

  expect((await Promise.all([first, second, third])).map((response) => response.status)).toEqual([200, 200, 200]);
  const after = await scrape(server);
  expect(after.value('in_progress')).toBe(0);
  expect(after.value('in_progress_by_job', { job: 'build' })).toBe(0);
  expect(after.value('in_progress_by_job', { job: 'deploy' })).toBe(0);
});

it('namespace and subsystem build the name as prometheus_client did', async () => {
  await server.post('/namespaced');
  const metrics = await scrape(server);
  expect(metrics.value('webhooks_github_deliveries_total')).toBe(1);
  expect(server.stdout).toContain('Tracking metrics: deliveries\n');
});

it('a label that cannot render is logged with the endpoint and index; the request is still served', async () => {
  const response = await server.post('/bad-label', { a: 1 });
  expect(response.status).toBe(200);
  expect(server.stdout).toContain('bad-label ran\n');
  await server.waitFor('stderr', /POST \/bad-label: action 0 \(metrics\): label "x" of "bad_label_total" failed/);
  expect((await scrape(server)).find('bad_label_total')).toEqual([]);
});
