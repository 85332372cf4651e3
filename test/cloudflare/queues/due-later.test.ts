import { afterAll, expect, it } from 'vitest';
import type { RunningWorker } from '../worker-harness.js';
import { deliveryRecord, QUEUE_SERVER, startWithQueues } from './queue-helpers.js';

let worker: RunningWorker;
afterAll(async () => {
  await worker?.dispose();
});

// how a wait longer than one queue delay (12 h) is carried: each hop sends the delivery on, delayed
// until it is due, without counting an attempt
it('a delivery that arrives before it is due is sent on, delayed, and runs once when due', async () => {
  worker = await startWithQueues(`${QUEUE_SERVER}endpoints:
  - /hook:
      method: POST
      async: true
      actions:
        - log: { message: 'ran {{ request.json.n }}' }
`);
  const dueAt = Date.now() + 2500;
  const record = deliveryRecord('/hook', '{"n": 3}', { dueAt });
  await worker.sendToQueue('DELIVERIES', record);
  await worker.waitFor('ran 3\n', 30_000);
  expect(Date.now()).toBeGreaterThanOrEqual(dueAt - 1000);
  await worker.waitFor(`delivery ${record.id} POST /hook: attempt 1 of 1 succeeded`);
  expect(worker.output.match(/ran 3\n/g)).toHaveLength(1);
});
