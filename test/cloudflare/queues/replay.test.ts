import { afterAll, expect, it } from 'vitest';
import type { RunningWorker } from '../worker-harness.js';
import { count, QUEUE_SERVER, startWithQueues } from './queue-helpers.js';

let worker: RunningWorker;
afterAll(async () => {
  await worker?.dispose();
});

it('workerd with a queue: replay(0.3) sends the request through the endpoint again, as a delayed message; later actions still run', async () => {
  worker = await startWithQueues(`${QUEUE_SERVER}endpoints:
  - /replayed:
      method: POST
      body: { n: '^[0-9]+$' }
      actions:
        - log: { message: 'run {{ request.json.n }}' }
        - eval: { block: '{{ replay(0.3) }}' }
        - log: { message: 'after replay {{ request.json.n }}' }
`);
  const answer = await worker.request('/replayed', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"n": 5}' });
  expect(answer.status).toBe(200);
  expect(worker.output).toContain('Replay requested on /replayed\nafter replay 5\n');
  await worker.waitFor(/Replaying request on \/replayed\nrun 5\n/, 30_000);
  expect(count(worker.output, /run 5\n/)).toBeGreaterThanOrEqual(2);
  await worker.waitFor(/delivery \S+ POST \/replayed: replay attempt 1 of 1 succeeded/);
}, 60_000);
