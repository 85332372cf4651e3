import { afterAll, expect, it } from 'vitest';
import type { RunningWorker } from '../worker-harness.js';
import { QUEUE_SERVER, startWithQueues } from './queue-helpers.js';

let worker: RunningWorker;
afterAll(async () => {
  await worker?.dispose();
});

it('workerd: server.queue names a binding the Worker lacks: async requests get 503 with the reason, replay() fails, nothing runs in memory', async () => {
  worker = await startWithQueues(
    `${QUEUE_SERVER}endpoints:
  - /hook:
      method: POST
      async: true
      retry: { attempts: 3 }
      actions:
        - log: { message: 'ran in memory' }
  - /replayed:
      actions:
        - eval: { block: '{{ replay(5) }}' }
`,
    { bound: false },
  );
  const refused = await worker.request('/hook', { method: 'POST', body: 'x' });
  expect(refused.status).toBe(503);
  expect(refused.text).toBe('Service Unavailable: the delivery queue is not available');
  expect(refused.headers.get('retry-after')).toBe('5');
  expect(worker.output).toContain(
    'delivery journal: the Worker has no queue binding "DELIVERIES" or "DEAD_DELIVERIES" (server.queue, server.dead_letter_queue); async endpoints answer 503 and replay() fails',
  );

  const replay = await worker.request('/replayed', { method: 'POST' });
  expect(replay.status).toBe(500);
  await worker.waitFor(/action 0 \(eval\) failed: cannot keep the replay: the Worker has no queue binding/);

  // fail closed: the accepted-looking path never ran the actions in the isolate instead
  expect(worker.output).not.toContain('ran in memory');
});
