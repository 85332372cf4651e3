import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';
import { scrape } from './scrape.js';

let server: InProcessServer;
beforeAll(async () => {
  server = await InProcessServer.start(
    `
server: { port: 0 }
endpoints:
  - /one:
      actions:
        - metrics: { counter: { name: one_requests } }
        - metrics: { gauge: { name: one_in_progress } }
  - /two:
      actions:
        - metrics: { counter: { name: two_requests } }
        - metrics: { summary: { name: two_seconds } }
  - /repos/<name>/hooks/<int:id>:
      actions:
        - metrics: { counter: { name: repo_hooks, labels: { repo: '{{ request.view_args.name }}', path: '{{ request.path }}' } } }
  - /async:
      async: true
      actions:
        - metrics: { histogram: { name: async_seconds, labels: { status: '{{ response.status_code }}' } } }
        - sleep: { seconds: 1, output: 'async work' }
  - /late-failure:
      actions:
        - eval: { block: '{{ error("before the metric action") }}' }
        - metrics: { counter: { name: late_requests, labels: { status: '{{ response.status_code }}' } } }
`,
    { metrics: true },
  );
});
afterAll(async () => server.stop());

it("two endpoints do not touch each other's metrics", async () => {
  for (let i = 0; i < 3; i++) await server.post('/one');
  await server.post('/two');
  const metrics = await scrape(server);
  expect(metrics.value('one_requests_total')).toBe(3);
  expect(metrics.value('two_requests_total')).toBe(1);
  expect(metrics.value('two_seconds_count')).toBe(1);
  expect(metrics.value('one_in_progress')).toBe(0);
});

it('tracks routes with converters: every request to the endpoint, not only the literal route string', async () => {
  await server.post('/repos/api/hooks/1');
  await server.post('/repos/api/hooks/2');
  await server.post('/repos/web/hooks/3');
  expect((await server.post('/repos/web/hooks/not-a-number')).status).toBe(404);
  const metrics = await scrape(server);
  expect(metrics.find('repo_hooks_total', { repo: 'api' }).map((sample) => [sample.labels.path, sample.value])).toEqual([
    ['/repos/api/hooks/1', 1],
    ['/repos/api/hooks/2', 1],
  ]);
  expect(metrics.value('repo_hooks_total', { repo: 'web' })).toBe(1);
});

it('async endpoints: the metric covers the synchronous part, as in the original', async () => {
  expect((await server.post('/async')).status).toBe(200);
  const answered = await scrape(server);
  // answered while its one-second action still runs: the action is counted when it ends
  expect(answered.value('webhook_proxy_actions_count', { http_route: '/async', action_type: 'sleep' })).toBe(0);
  expect(answered.value('async_seconds_count', { status: '200' })).toBe(1);
  expect(answered.value('async_seconds_sum', { status: '200' })).toBeLessThan(1);
  await server.waitFor('stdout', /async work\n/);
});

it('tracks the endpoint even when an action fails before the metrics action runs, but not an OPTIONS request', async () => {
  expect((await server.post('/late-failure')).status).toBe(500);
  expect((await server.request('/late-failure', { method: 'OPTIONS' })).status).toBe(200);
  const metrics = await scrape(server);
  expect(metrics.value('late_requests_total', { status: '500' })).toBe(1);
  expect(metrics.find('late_requests_total')).toHaveLength(1);
  expect(server.stdout).not.toContain('Tracking metrics: late_requests');
});
