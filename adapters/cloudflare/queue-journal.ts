/**
 * The delivery journal on Cloudflare Workers: Cloudflare Queues (docs/delivery.md). The Worker is
 * producer and consumer. An accepted async request is sent to the queue `server.queue` names
 * before the 200; the Worker's `queue()` handler runs every attempt. A failed attempt sends the
 * delivery again as a new message, delayed by the backoff and carrying where to resume and the
 * `context` so far, and acks the old one: Queues' own retry would redeliver the old body, from
 * the start of the chain. The last failure sends it to `server.dead_letter_queue`.
 *
 * Progress within an attempt is not saved: a consumer cut off mid-chain (CPU limit, eviction)
 * leaves its message unacked, and Queues delivers it again from where that attempt began.
 */
import type { DeliveryRecord } from '../../src/delivery/delivery-record.js';
import { DeliveryNotStored, type DeliveryExecutor, type DeliveryJournal, type Settlement } from '../../src/delivery/journal.js';
import type { WorkerBindings } from './worker-bindings.js';

/** What we use of a queue producer binding. */
export interface QueueLike {
  send(body: unknown, options?: { contentType?: 'json'; delaySeconds?: number }): Promise<void>;
}

/** What we use of a message a `queue()` handler receives. */
export interface QueueMessageLike {
  readonly id: string;
  readonly body: unknown;
  ack(): void;
  retry(options?: { delaySeconds?: number }): void;
}

export interface QueueBatchLike {
  readonly queue: string;
  readonly messages: readonly QueueMessageLike[];
}

export interface QueueSettings {
  /** `server.queue`: the producer binding of the queue this Worker also consumes. */
  readonly queue: string;
  /** `server.dead_letter_queue`: the producer binding dead deliveries go to. */
  readonly deadLetterQueue: string | null;
}

/**
 * A queue message is at most 128 KB (1 KB = 1000 bytes) with about 100 bytes of Queues' own:
 * a delivery's JSON gets what is left, with a margin.
 */
export const MAX_DELIVERY_BYTES = 127_000;
/** Longer waits (a long max_delay, a long replay()) go in hops: Queues delays a message by at most 12 h (24 h since 2025). */
export const MAX_DELAY_SECONDS = 43_200;
/** Queues delays by whole seconds: a message due within this is run when it arrives, not sent again. */
const EARLY_MS = 1000;
/** When a delivery cannot be sent on (a retry, the dead-letter queue), Queues redelivers the message as it was, after this. */
const REDELIVER_SECONDS = 30;

/** The journal for one app: opened with `server.queue` set and the config needing one. */
export function openQueueJournal(settings: QueueSettings, bindings: WorkerBindings, executor: DeliveryExecutor, stderr: (line: string) => void): QueueJournal {
  const missing = [settings.queue, settings.deadLetterQueue ?? ''].filter((name) => !isQueue(bindings[name]));
  const unavailable =
    settings.deadLetterQueue === null
      ? 'server.queue is set without server.dead_letter_queue: a dead delivery would have nowhere to go'
      : missing.length > 0
        ? `the Worker has no queue binding ${missing.map((name) => `"${name}"`).join(' or ')} (server.queue, server.dead_letter_queue)`
        : undefined;
  // fail closed: without the queue an accepted delivery would live in memory only
  if (unavailable) stderr(`delivery journal: ${unavailable}; async endpoints answer 503 and replay() fails`);
  return new QueueJournal(settings, bindings, executor, stderr, unavailable);
}

export class QueueJournal implements DeliveryJournal {
  readonly runsAll = true;
  readonly deadNote: string;

  constructor(
    private readonly settings: QueueSettings,
    private readonly bindings: WorkerBindings,
    private readonly executor: DeliveryExecutor,
    private readonly stderr: (line: string) => void,
    private readonly unavailable: string | undefined,
  ) {
    this.deadNote = `sent to the dead-letter queue ${settings.deadLetterQueue ?? '(none)'}`;
  }

  async accept(record: DeliveryRecord): Promise<void> {
    if (this.unavailable) throw new DeliveryNotStored('the delivery queue is not available', this.unavailable);
    const bytes = new TextEncoder().encode(JSON.stringify(record)).length;
    if (bytes > MAX_DELIVERY_BYTES) {
      throw new DeliveryNotStored(
        `the request is too large to queue (${bytes} bytes stored, a queue message holds ${MAX_DELIVERY_BYTES})`,
        'Cloudflare Queues messages are at most 128 KB; the raw body is stored as base64',
        413,
      );
    }
    try {
      await this.send(this.settings.queue, record);
    } catch (error) {
      throw new DeliveryNotStored('the delivery queue cannot be written', `queue "${this.settings.queue}": ${describe(error)}`);
    }
  }

  async begin(record: DeliveryRecord): Promise<number> {
    return record.attempts + 1;
  }

  async progress(): Promise<void> {
    // a message cannot be changed once sent: a cut-off attempt starts again where it began
  }

  async settle(record: DeliveryRecord, attempt: number, settlement: Settlement): Promise<void> {
    if (settlement.state === 'succeeded') return;
    const next: DeliveryRecord = {
      ...record,
      attempts: attempt,
      nextAction: settlement.nextAction,
      context: settlement.context,
      state: settlement.state,
      lastError: settlement.error,
      dueAt: settlement.dueAt,
    };
    await this.send(settlement.state === 'dead' ? this.settings.deadLetterQueue : this.settings.queue, next);
  }

  /** The `queue()` handler: each message is a delivery, run when due, acked once it is settled or sent on. */
  async consume(batch: QueueBatchLike): Promise<void> {
    await Promise.all(batch.messages.map((message) => this.consumeOne(batch.queue, message)));
  }

  private async consumeOne(queue: string, message: QueueMessageLike): Promise<void> {
    const record = asDeliveryRecord(message.body);
    try {
      if (!record) {
        // not ours to run, and not to be lost either
        this.stderr(`delivery journal: message ${message.id} on queue ${queue} is not a delivery; sent to the dead-letter queue ${this.settings.deadLetterQueue}`);
        await this.send(this.settings.deadLetterQueue, message.body);
      } else if (record.dueAt - Date.now() > EARLY_MS) {
        // a wait longer than one queue delay: the next hop
        await this.send(this.settings.queue, record);
      } else {
        await this.executor.deliver(record);
      }
      message.ack();
    } catch (error) {
      const what = record ? `delivery ${record.id} ${record.request.method} ${record.request.route}` : `message ${message.id}`;
      this.stderr(`${what}: could not be sent on (${describe(error)}); Queues delivers the message again in ${REDELIVER_SECONDS} s`);
      message.retry({ delaySeconds: REDELIVER_SECONDS });
    }
  }

  /** Sends a delivery, delayed until its `dueAt` (at most one hop of MAX_DELAY_SECONDS). */
  private async send(binding: string | null, body: unknown): Promise<void> {
    if (binding === null) throw new Error('server.dead_letter_queue is not set');
    const queue = this.bindings[binding];
    if (!isQueue(queue)) throw new Error(`the Worker has no queue binding "${binding}"`);
    const dueAt = (body as Partial<DeliveryRecord> | null)?.dueAt;
    const delaySeconds = typeof dueAt === 'number' ? Math.min(MAX_DELAY_SECONDS, Math.max(0, Math.ceil((dueAt - Date.now()) / 1000))) : 0;
    await queue.send(body, { contentType: 'json', ...(delaySeconds > 0 ? { delaySeconds } : {}) });
  }
}

function isQueue(value: unknown): value is QueueLike {
  return value !== null && typeof value === 'object' && typeof (value as { send?: unknown }).send === 'function';
}

/** A message body that has the shape of a delivery this Worker sent (or its JSON text, sent back by hand from the dashboard). */
function asDeliveryRecord(message: unknown): DeliveryRecord | undefined {
  let body = message;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body) as unknown;
    } catch {
      return undefined;
    }
  }
  if (body === null || typeof body !== 'object') return undefined;
  const record = body as Partial<DeliveryRecord>;
  const request = record.request as Partial<DeliveryRecord['request']> | undefined;
  const shaped =
    typeof record.id === 'string' &&
    (record.kind === 'request' || record.kind === 'replay') &&
    typeof record.attempts === 'number' &&
    typeof record.nextAction === 'number' &&
    typeof record.dueAt === 'number' &&
    record.context !== null &&
    typeof record.context === 'object' &&
    typeof request?.route === 'string' &&
    typeof request.method === 'string' &&
    typeof request.body === 'string' &&
    Array.isArray(request.headers);
  return shaped ? (record as DeliveryRecord) : undefined;
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
