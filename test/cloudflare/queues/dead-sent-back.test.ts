import { afterAll, expect, it } from 'vitest';
import type { RunningWorker } from '../worker-harness.js';
import { count, deliveryRecord, QUEUE_SERVER, startWithQueues } from './queue-helpers.js';

let worker: RunningWorker;
afterAll(async () => {
  await worker?.dispose();
});

it('a dead delivery sent back to the queue as JSON text (as from the dashboard) gets one more attempt, from the action that failed, with its context', async () => {
  worker = await startWithQueues(`${QUEUE_SERVER}endpoints:
  - /hook:
      method: POST
      async: true
      retry: { attempts: 3 }
      actions:
        - log: { message: 'first {{ request.json.n }}' }
        - log: { message: 'second {{ request.json.n }} {{ context.kept }}' }
`);
  const dead = deliveryRecord('/hook', '{"n": 7}', { state: 'dead', attempts: 3, nextAction: 1, context: { kept: 'yes' }, lastError: 'HTTP call failed (HTTP 502)' });
  await worker.sendToQueue('DELIVERIES', JSON.stringify(dead));
  await worker.waitFor(`delivery ${dead.id} POST /hook: attempt 4 of 4 succeeded`, 30_000);
  expect(worker.output).toContain('second 7 yes\n');
  expect(count(worker.output, /first 7/)).toBe(0);
});

it('a message that is not a delivery is not run and not dropped: it goes to the dead-letter queue as it came', async () => {
  await worker.sendToQueue('DELIVERIES', { hello: 'world' });
  await worker.waitFor(/queue-reader dead-deliveries \{"hello":"world"\}\n/, 30_000);
  expect(worker.output).toMatch(/delivery journal: message \S+ on queue deliveries is not a delivery; sent to the dead-letter queue DEAD_DELIVERIES/);
});
