import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';
import { scrape } from './scrape.js';

const REQUESTS = 'webhook_proxy_http_requests_total';
const DURATION = 'webhook_proxy_http_request_duration_seconds';
const ACTIONS = 'webhook_proxy_actions';

let server: InProcessServer;
beforeAll(async () => {
  server = await InProcessServer.start(
    `
server: { port: 0 }
endpoints:
  - /hook:
      body: { ref: '^refs/heads/.+' }
      actions:
        - log: { message: 'first' }
        - sleep: { seconds: 0.05, output: 'second' }
  - /fails:
      actions:
        - log: { message: 'runs' }
        - eval: { block: '{{ error("nope") }}' }
        - log: { message: 'never' }
  - /items/<int:id>:
      method: GET
  - /background:
      async: true
      actions:
        - sleep: { seconds: 1, output: 'background' }
  - /metrics:
      method: POST
      actions:
        - log: { message: 'user metrics route {{ request.json.n }}' }
`,
    { metrics: true },
  );
});
afterAll(async () => server.stop());

it('counts every request once by method, configured route and status: 200, 409, 400, 405, 500 and converters', async () => {
  const before = await scrape(server);
  for (let i = 0; i < 3; i++) expect((await server.post('/hook', { ref: 'refs/heads/main' })).status).toBe(200);
  for (let i = 0; i < 2; i++) expect((await server.post('/hook', { ref: 'tags/v1' })).status).toBe(409);
  expect((await server.post('/hook')).status).toBe(400);
  for (let i = 0; i < 4; i++) expect((await server.request('/hook')).status).toBe(405);
  expect((await server.post('/fails')).status).toBe(500);
  expect((await server.request('/items/1')).status).toBe(200);
  expect((await server.request('/items/22')).status).toBe(200);
  const after = await scrape(server);

  const moved = (labels: Record<string, string>) => after.value(REQUESTS, labels) - before.value(REQUESTS, labels);
  expect(moved({ method: 'POST', route: '/hook', status: '200' })).toBe(3);
  expect(moved({ method: 'POST', route: '/hook', status: '409' })).toBe(2);
  expect(moved({ method: 'POST', route: '/hook', status: '400' })).toBe(1);
  expect(moved({ method: 'GET', route: '/hook', status: '405' })).toBe(4);
  expect(moved({ method: 'POST', route: '/fails', status: '500' })).toBe(1);
  // the configured route, not the path: /items/1 and /items/22 are one series
  expect(moved({ method: 'GET', route: '/items/<int:id>', status: '200' })).toBe(2);
  expect(after.find(REQUESTS).map((sample) => sample.labels.route)).not.toContain('/items/1');

  // the histogram counts the same requests, and every one falls in the +Inf bucket
  const histogramMoved = (suffix: string, labels: Record<string, string>) => after.value(`${DURATION}${suffix}`, labels) - before.value(`${DURATION}${suffix}`, labels);
  expect(histogramMoved('_count', { method: 'POST', route: '/hook', status: '200' })).toBe(3);
  expect(histogramMoved('_bucket', { method: 'POST', route: '/hook', status: '200', le: '+Inf' })).toBe(3);
  expect(histogramMoved('_count', { method: 'GET', route: '/hook', status: '405' })).toBe(4);
  expect(histogramMoved('_count', { method: 'POST', route: '/hook', status: '409' })).toBe(2);
  // the 200s each slept 50 ms in their second action, as timers measure it (they may fire a millisecond early)
  expect(histogramMoved('_sum', { method: 'POST', route: '/hook', status: '200' })).toBeGreaterThanOrEqual(3 * 0.049);
  expect(histogramMoved('_bucket', { method: 'POST', route: '/hook', status: '200', le: '0.025' })).toBe(0);
  // the original's buckets (prometheus_client's defaults), not prom-client's
  const bounds = after.find(`${DURATION}_bucket`, { method: 'POST', route: '/hook', status: '200' }).map((sample) => sample.labels.le);
  expect(bounds).toEqual(['0.005', '0.01', '0.025', '0.05', '0.075', '0.1', '0.25', '0.5', '0.75', '1', '2.5', '5', '7.5', '10', '+Inf']);
});

it('unknown paths count under route="" and scrapes of /metrics are not counted', async () => {
  const before = await scrape(server);
  expect((await server.post('/no/such/hook', { a: 1 })).status).toBe(404);
  expect((await server.request('/another-unknown')).status).toBe(404);
  for (let i = 0; i < 5; i++) await scrape(server);
  const after = await scrape(server);
  expect(after.value(REQUESTS, { method: 'POST', route: '', status: '404' }) - before.value(REQUESTS, { method: 'POST', route: '', status: '404' })).toBe(1);
  expect(after.value(REQUESTS, { method: 'GET', route: '', status: '404' }) - before.value(REQUESTS, { method: 'GET', route: '', status: '404' })).toBe(1);
  expect(after.find(REQUESTS).filter((sample) => sample.labels.route === '/metrics' && sample.labels.method === 'GET')).toEqual([]);
});

it('observes every action run per route, method, type and index, failed runs included, not the ones that never ran', async () => {
  const before = await scrape(server);
  await server.post('/hook', { ref: 'refs/heads/x' });
  await server.post('/hook', { ref: 'refs/heads/y' });
  await server.post('/fails');
  const after = await scrape(server);
  const moved = (suffix: string, labels: Record<string, string>) => after.value(`${ACTIONS}${suffix}`, labels) - before.value(`${ACTIONS}${suffix}`, labels);
  expect(moved('_count', { http_route: '/hook', http_method: 'POST', action_type: 'log', action_index: '0' })).toBe(2);
  expect(moved('_count', { http_route: '/hook', http_method: 'POST', action_type: 'sleep', action_index: '1' })).toBe(2);
  // two 50 ms sleeps; a timer may fire a millisecond early
  expect(moved('_sum', { http_route: '/hook', http_method: 'POST', action_type: 'sleep', action_index: '1' })).toBeGreaterThanOrEqual(2 * 0.049);
  expect(moved('_count', { http_route: '/fails', http_method: 'POST', action_type: 'eval', action_index: '1' })).toBe(1);
  expect(after.value(`${ACTIONS}_count`, { http_route: '/fails', action_index: '2' })).toBe(0);
  // no quantiles, as the original: only _count and _sum
  expect(after.samples.filter((sample) => sample.name === ACTIONS)).toEqual([]);
});

it('async endpoints: the request is timed to the answer, the background action when it ends', async () => {
  const before = await scrape(server);
  const labels = { http_route: '/background', http_method: 'POST', action_type: 'sleep', action_index: '0' };
  expect((await server.post('/background')).status).toBe(200);
  const answered = await scrape(server);
  expect(answered.value(`${DURATION}_count`, { route: '/background', status: '200' }) - before.value(`${DURATION}_count`, { route: '/background', status: '200' })).toBe(1);
  expect(answered.value(`${DURATION}_sum`, { route: '/background', status: '200' }) - before.value(`${DURATION}_sum`, { route: '/background', status: '200' })).toBeLessThan(1);
  expect(answered.value(`${ACTIONS}_count`, labels) - before.value(`${ACTIONS}_count`, labels)).toBe(0);

  await server.waitFor('stdout', /background\n/);
  // the background action is counted when it ends: scrape until it is
  let done = await scrape(server);
  while (done.value(`${ACTIONS}_count`, labels) - before.value(`${ACTIONS}_count`, labels) === 0) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    done = await scrape(server);
  }
  expect(done.value(`${ACTIONS}_count`, labels) - before.value(`${ACTIONS}_count`, labels)).toBe(1);
  // a one-second sleep, as timers measure it (they may fire a millisecond early)
  expect(done.value(`${ACTIONS}_sum`, labels) - before.value(`${ACTIONS}_sum`, labels)).toBeGreaterThanOrEqual(0.99);
});

it('answers OpenMetrics when the scraper asks for it, with the same numbers and counters in _total', async () => {
  await server.post('/hook', { ref: 'refs/heads/main' });
  const prometheusAccept = 'application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1';
  const open = await scrape(server, prometheusAccept);
  expect(open.contentType).toBe('application/openmetrics-text; version=1.0.0; charset=utf-8');
  expect(open.text.endsWith('# EOF\n')).toBe(true);
  expect(open.text).toMatch(/^# TYPE webhook_proxy_http_requests counter$/m);
  const labels = { method: 'POST', route: '/hook', status: '200' };
  const plain = await scrape(server);
  expect(open.value(REQUESTS, labels)).toBeGreaterThan(0);
  expect(open.value(REQUESTS, labels)).toBe(plain.value(REQUESTS, labels));
  // an OpenMetrics scrape does not rename anything for the next plain one
  expect(plain.text).toMatch(/^# TYPE webhook_proxy_http_requests_total counter$/m);
  expect(plain.find(REQUESTS, labels)).toHaveLength(1);
  // q=0 means "not this one"
  expect((await scrape(server, 'application/openmetrics-text;q=0, text/plain')).contentType).toMatch(/^text\/plain/);
});

it('GET /metrics is the scrape, a user POST /metrics route still reaches its endpoint and is counted', async () => {
  const before = await scrape(server);
  const mark = server.stdout.length;
  expect(await server.post('/metrics', { n: 5 })).toMatchObject({ status: 200, text: 'OK\n' });
  expect(server.linesSince(mark)).toContain('user metrics route 5');
  const after = await scrape(server);
  expect(after.value(REQUESTS, { method: 'POST', route: '/metrics', status: '200' }) - before.value(REQUESTS, { method: 'POST', route: '/metrics', status: '200' })).toBe(1);
});
