import { afterAll, expect, it } from 'vitest';
import { Receiver } from '../../delivery/delivery-helpers.js';
import type { RunningWorker } from '../worker-harness.js';
import { count, QUEUE_SERVER, startWithQueues } from './queue-helpers.js';

let receiver: Receiver;
let worker: RunningWorker;
afterAll(async () => {
  await worker?.dispose();
  await receiver?.close();
});

it('workerd with a queue: a receiver failing twice gets three attempts, each resuming at the failed action with the stored context', async () => {
  receiver = await Receiver.start();
  let answers = 0;
  receiver.status = () => (++answers <= 2 ? 503 : 200);
  worker = await startWithQueues(`${QUEUE_SERVER}endpoints:
  - /hook:
      method: POST
      async: true
      retry: { attempts: 3, delay: 1s, max_delay: 10s }
      actions:
        - eval: { block: 'first {{ request.json.n }}{% set _ = context.set("seen", request.json.n * 10) %}' }
        - http: { target: '${receiver.url}', method: POST, body: 'n={{ request.json.n }} seen={{ context.seen }}', fail_on_error: true }
        - log: { message: 'last {{ context.seen }}' }
`);
  const answer = await worker.request('/hook', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"n": 4}' });
  expect(answer.status).toBe(200);
  await worker.waitFor(/attempt 3 of 3 succeeded/, 30_000);

  const attempts = [...worker.output.matchAll(/delivery (\S+) POST \/hook: attempt (\d) of 3 (succeeded|failed at action 1 \(http\): HTTP call failed \(HTTP 503\); next attempt in ([\d.]+) s)/g)];
  expect(attempts.map((match) => `${match[2]} ${match[3]!.split(' ')[0]}`)).toEqual(['1 failed', '2 failed', '3 succeeded']);
  // one delivery throughout, carried from message to message
  expect(new Set(attempts.map((match) => match[1])).size).toBe(1);
  // delay × 2^(n−1) ± 20 %
  expect(Number(attempts[0]![4])).toBeLessThanOrEqual(1.2);
  expect(Number(attempts[1]![4])).toBeGreaterThanOrEqual(1.4);

  // the first action ran once; the retried one saw the context it left
  expect(count(worker.output, /first 4/)).toBe(1);
  expect(receiver.bodies).toEqual(['n=4 seen=40', 'n=4 seen=40', 'n=4 seen=40']);
  expect(count(worker.output, /last 40/)).toBe(1);
}, 60_000);
