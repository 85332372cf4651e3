import type { DeliveryRecord } from '../../../src/delivery/delivery-record.js';
import { buildWorker, RunningWorker } from '../worker-harness.js';

/** The bindings of the wrangler.toml example in docs/delivery.md, as Miniflare runs them locally. */
export const QUEUE_SERVER = 'server: { queue: DELIVERIES, dead_letter_queue: DEAD_DELIVERIES }\n';

/**
 * The config built and run in workerd with real local queues: the Worker produces to and consumes
 * `deliveries`, produces to `dead-deliveries`, which a second worker reads and logs
 * (`queue-reader dead-deliveries <record>`).
 */
export async function startWithQueues(yaml: string, options: { bound?: boolean } = {}): Promise<RunningWorker> {
  const built = await buildWorker(yaml);
  if (options.bound === false) return RunningWorker.start(built.file);
  return RunningWorker.start(
    built.file,
    {},
    {
      queueProducers: { DELIVERIES: 'deliveries', DEAD_DELIVERIES: 'dead-deliveries' },
      queueConsumers: { deliveries: { maxBatchTimeout: 0, maxRetries: 3 } },
      readQueue: 'dead-deliveries',
    },
  );
}

export function count(text: string, pattern: RegExp): number {
  return [...text.matchAll(new RegExp(pattern.source, 'g'))].length;
}

/** A delivery as the Worker stores it, of a POST with a JSON body to `route`. */
export function deliveryRecord(route: string, json: string, fields: Partial<DeliveryRecord> = {}): DeliveryRecord {
  const now = Date.now();
  return {
    id: `${now.toString(36)}-0000test`,
    kind: 'request',
    request: {
      route,
      method: 'POST',
      id: 'by-hand',
      path: route,
      url: `http://worker.test${route}`,
      headers: [['content-type', 'application/json']],
      body: Buffer.from(json).toString('base64'),
      viewArgs: {},
      remoteAddr: '127.0.0.1',
      startAt: 0,
    },
    receivedAt: now,
    attempts: 0,
    nextAction: 0,
    context: {},
    state: 'pending',
    lastError: null,
    dueAt: now,
    ...fields,
  };
}
