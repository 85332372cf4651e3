import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';
import { scrape } from './scrape.js';

let server: ServerProcess;
beforeAll(async () => {
  server = await ServerProcess.start(`
server: { port: 0 }
endpoints:
  - /hook:
      actions:
        - metrics: { counter: { name: hook_answers, labels: { status: '{{ response.status_code }}' } } }
`);
});
afterAll(async () => server.stop());

it('1,000 requests to random unknown paths add no series: they count under route=""', async () => {
  // one of each method first, so that the route="" series exist before the baseline
  await server.request('/warm-up');
  await server.post('/warm-up');
  const before = await scrape(server.url);

  const methods = ['GET', 'POST'];
  for (let batch = 0; batch < 20; batch++) {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) => {
        const path = `/${Math.random().toString(36).slice(2)}/${batch}-${i}?x=${Math.random()}`;
        return fetch(server.url + path, { method: methods[i % 2] }).then((response) => {
          expect(response.status).toBe(404);
          return response.text();
        });
      }),
    );
  }
  const after = await scrape(server.url);

  const isRequestSeries = (key: string) => key.startsWith('webhook_proxy_') || key.startsWith('hook_answers');
  expect(after.seriesKeys().filter(isRequestSeries)).toEqual(before.seriesKeys().filter(isRequestSeries));
  const moved = (method: string) =>
    after.value('webhook_proxy_http_requests_total', { method, route: '', status: '404' }) - before.value('webhook_proxy_http_requests_total', { method, route: '', status: '404' });
  expect(moved('GET')).toBe(500);
  expect(moved('POST')).toBe(500);
  // the endpoint's own metric saw none of them
  expect(after.find('hook_answers_total')).toEqual([]);
});
