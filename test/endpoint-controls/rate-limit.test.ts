import { afterAll, beforeAll, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';
import { scrape } from '../metrics/scrape.js';

let server: InProcessServer;
beforeAll(async () => {
  // a window of a minute: the burst below cannot straddle two windows however slow the machine
  server = await InProcessServer.start(
    `
server: { port: 0 }
endpoints:
  - /deploy:
      rate_limit: 5/min
      actions:
        - log: { message: 'ran {{ request.json.n }}' }
  - /hooks/<name>:
      rate_limit: 2/h
      rate_limit_key: '{{ request.view_args.name }}'
      headers: { X-Event: push }
      actions:
        - log: { message: 'hook {{ request.view_args.name }}' }
`,
    { metrics: true },
  );
});
afterAll(async () => server?.stop());

it('rate_limit: 5/min: the sixth request gets 429 with Retry-After, and its actions do not run', async () => {
  for (let n = 1; n <= 5; n++) expect((await server.post('/deploy', { n })).status).toBe(200);
  const sixth = await server.post('/deploy', { n: 6 });
  expect(sixth.status).toBe(429);
  expect(sixth.text).toBe('Too Many Requests');
  const retryAfter = Number(sixth.headers.get('retry-after'));
  expect(Number.isInteger(retryAfter) && retryAfter >= 1 && retryAfter <= 60).toBe(true);
  expect(server.stdout.match(/ran \d/g)).toEqual(['ran 1', 'ran 2', 'ran 3', 'ran 4', 'ran 5']);
  const metrics = (await scrape(server)).text;
  expect(metrics).toContain('webhook_proxy_rate_limited_requests_total{route="/deploy",method="POST"} 1\n');
  expect(metrics).toContain('webhook_proxy_http_requests_total{method="POST",route="/deploy",status="429"} 1\n');
});

it('rate_limit_key: each key has its own window; requests refused by the rules are not counted', async () => {
  // refused by the header rule (409): they use up nothing
  for (let n = 0; n < 3; n++) expect((await server.post('/hooks/web', {}, { 'X-Event': 'tag' })).status).toBe(409);
  for (let n = 0; n < 2; n++) expect((await server.post('/hooks/web', {}, { 'X-Event': 'push' })).status).toBe(200);
  expect((await server.post('/hooks/web', {}, { 'X-Event': 'push' })).status).toBe(429);
  expect((await server.post('/hooks/api', {}, { 'X-Event': 'push' })).status).toBe(200);
  expect(server.stdout.match(/hook \w+/g)).toEqual(['hook web', 'hook web', 'hook api']);
});
