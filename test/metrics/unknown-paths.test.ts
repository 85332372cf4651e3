import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';
import { scrape } from './scrape.js';

let server: InProcessServer;
beforeAll(async () => {
  server = await InProcessServer.start(
    `
server: { port: 0 }
endpoints:
  - /hook:
      actions:
        - metrics: { counter: { name: hook_answers, labels: { status: '{{ response.status_code }}' } } }
`,
    { metrics: true },
  );
});
afterAll(async () => server.stop());

it('1,000 requests to random unknown paths add no series: they count under route=""', async () => {
  // one of each method first, so that the route="" series exist before the baseline
  await server.request('/warm-up');
  await server.post('/warm-up');
  const before = await scrape(server);

  const methods = ['GET', 'POST'];
  for (let batch = 0; batch < 20; batch++) {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const path = `/${Math.random().toString(36).slice(2)}/${batch}-${i}?x=${Math.random()}`;
        return server.request(path, { method: methods[i % 2] }).then((response) => expect(response.status).toBe(404));
      }),
    );
  }
  const after = await scrape(server);

  const isRequestSeries = (key: string) => key.startsWith('webhook_proxy_') || key.startsWith('hook_answers');
  expect(after.seriesKeys().filter(isRequestSeries)).toEqual(before.seriesKeys().filter(isRequestSeries));
  const moved = (method: string) =>
    after.value('webhook_proxy_http_requests_total', { method, route: '', status: '404' }) - before.value('webhook_proxy_http_requests_total', { method, route: '', status: '404' });
  expect(moved('GET')).toBe(500);
  expect(moved('POST')).toBe(500);
  // the endpoint's own metric saw none of them
  expect(after.find('hook_answers_total')).toEqual([]);
});
