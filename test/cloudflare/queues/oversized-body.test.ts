import { afterAll, expect, it } from 'vitest';
import type { RunningWorker } from '../worker-harness.js';
import { QUEUE_SERVER, startWithQueues } from './queue-helpers.js';

let worker: RunningWorker;
afterAll(async () => {
  await worker?.dispose();
});

it('workerd with a queue: a body too large for a queue message is refused with 413 and the reason, never accepted and lost', async () => {
  worker = await startWithQueues(`${QUEUE_SERVER}endpoints:
  - /hook:
      method: POST
      async: true
      actions:
        - log: { message: 'ran {{ request.data | length }}' }
`);
  // stored as base64 (4/3), with the headers: about 133 KB, past a message's 128 KB
  const large = 'x'.repeat(100_000);
  const refused = await worker.request('/hook', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: large });
  expect(refused.status).toBe(413);
  expect(refused.text).toMatch(/^Payload Too Large: the request is too large to queue \(\d+ bytes stored, a queue message holds 127000\)/);
  expect(worker.output).toMatch(/POST \/hook: not accepted, the request is too large to queue/);

  // one that fits is delivered; the large one never ran
  const fits = 'y'.repeat(80_000);
  expect((await worker.request('/hook', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: fits })).status).toBe(200);
  await worker.waitFor('ran 80000\n', 30_000);
  expect(worker.output).not.toContain('ran 100000');
}, 60_000);
