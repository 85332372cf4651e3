import { afterAll, expect, it } from 'vitest';
import type { DeliveryRecord } from '../../../src/delivery/delivery-record.js';
import { Receiver } from '../../delivery/delivery-helpers.js';
import type { RunningWorker } from '../worker-harness.js';
import { QUEUE_SERVER, startWithQueues } from './queue-helpers.js';

let receiver: Receiver;
let worker: RunningWorker;
afterAll(async () => {
  await worker?.dispose();
  await receiver?.close();
});

it('workerd with a queue: when every attempt fails the delivery reaches the dead-letter queue, with its attempts, error, context and request', async () => {
  receiver = await Receiver.start();
  receiver.status = () => 502;
  worker = await startWithQueues(`${QUEUE_SERVER}endpoints:
  - /hook:
      method: POST
      async: true
      retry: { attempts: 2, delay: 1s }
      actions:
        - eval: { block: '{% set _ = context.set("ref", request.json.ref) %}' }
        - http: { target: '${receiver.url}', method: POST, forward_body: true, fail_on_error: true }
`);
  const body = '{"ref": "refs/heads/main"}';
  expect((await worker.request('/hook', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body })).status).toBe(200);
  await worker.waitFor(/queue-reader dead-deliveries \{.*\n/, 30_000);

  expect(worker.output).toMatch(/attempt 1 of 2 failed at action 1 \(http\): HTTP call failed \(HTTP 502\); next attempt in/);
  // the attempt line follows the send to the dead-letter queue, so the reader may log first
  await worker.waitFor(/attempt 2 of 2 failed at action 1 \(http\): HTTP call failed \(HTTP 502\); dead \(sent to the dead-letter queue DEAD_DELIVERIES\)/);
  expect(receiver.bodies).toEqual([body, body]);

  const dead = JSON.parse(/queue-reader dead-deliveries (\{.*)\n/.exec(worker.output)![1]!) as DeliveryRecord;
  expect(dead).toMatchObject({ state: 'dead', attempts: 2, nextAction: 1, lastError: 'HTTP call failed (HTTP 502)', context: { ref: 'refs/heads/main' } });
  expect(dead.request).toMatchObject({ route: '/hook', method: 'POST', path: '/hook' });
  // the raw body, as it came, is kept for whoever redelivers it
  expect(Buffer.from(dead.request.body, 'base64').toString()).toBe(body);
}, 60_000);
