import { afterAll, beforeAll, expect, it } from 'vitest';
import { buildWorker, RunningWorker } from '../cloudflare/worker-harness.js';

let worker: RunningWorker;
beforeAll(async () => {
  const built = await buildWorker(`
endpoints:
  - /deploy/<name>:
      rate_limit: 2/min
      response:
        status: 202
        body: '{"deploying": "{{ request.view_args.name }}", "by": "{{ context.by }}"}'
        headers: { Content-Type: application/json, X-Name: '{{ request.view_args.name }}' }
      actions:
        - eval: { block: '{% set _ = context.update({"by": request.json.user}) %}' }
`);
  worker = await RunningWorker.start(built.file);
});
afterAll(async () => worker?.dispose());

it('the built worker in workerd answers with the response, and rate_limit holds within the isolate', async () => {
  const deploy = () => worker.request('/deploy/web', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ user: 'ada' }) });
  const first = await deploy();
  expect([first.status, first.headers.get('content-type'), first.headers.get('x-name'), JSON.parse(first.text)]).toEqual([202, 'application/json', 'web', { deploying: 'web', by: 'ada' }]);
  expect((await deploy()).status).toBe(202);
  const third = await deploy();
  expect([third.status, third.text]).toEqual([429, 'Too Many Requests']);
  expect(Number(third.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
});
