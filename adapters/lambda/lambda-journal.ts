/**
 * The delivery journal on AWS Lambda: the function's own asynchronous invocation queue
 * (docs/delivery.md). An accepted async request is sent, as a delivery record, in an `Event`
 * invocation of this same function; Lambda answers 202 once it has stored the event, and only then
 * does the sender get its 200. The invoked handler runs the attempt; a failed attempt of an endpoint
 * with `retry` throws, and Lambda's asynchronous invocation runs the same event again (about 1 min,
 * then 2 min later, up to the function's `maximumRetryAttempts`), then hands it to the function's
 * on-failure destination (an SQS queue in serverless.yml): that is the dead state.
 *
 * Lambda retries the event it stored, so an attempt cannot save progress: every retry starts at the
 * first action after the sender checks, with the `context` those checks left, and cannot know its
 * own number. Re-invoking with an updated record instead would resume at the failed action, but the
 * Invoke API cannot delay an event: the retry would come at once, with no backoff.
 */
import type { DeliveryRecord, JsonValue } from '../../src/delivery/delivery-record.js';
import { DeliveryNotStored, type DeliveryExecutor, type DeliveryJournal, type Settlement } from '../../src/delivery/journal.js';
import type { Runtime } from '../../src/runtime.js';
import { ASYNC_PAYLOAD_LIMIT, deliveryEvent, sdkInvoke, type InvokeEvent } from './self-invoke.js';

export interface LambdaJournalOptions {
  /** The function to invoke: the invocation's `invokedFunctionArn` (keeps an alias or version). */
  functionName(): string | undefined;
  /** Largest event sent; a bigger request is refused with 413. */
  payloadLimit?: number;
  invoke?: InvokeEvent;
}

export class LambdaJournal implements DeliveryJournal {
  readonly runsAll = true;
  readonly deadNote = 'not retried: the invocation ends without an error, so Lambda does not run it again';
  readonly retryNote = "Lambda's asynchronous invocation runs it again (about 1 min, then 2 min later, as often as maximumRetryAttempts allows), then sends it to the on-failure destination";
  /** The app's executor: the handler runs delivery events with it. Set when the app opens the journal. */
  executor: DeliveryExecutor | undefined;
  private readonly invoke: InvokeEvent;
  private readonly limit: number;
  private readonly encoder = new TextEncoder();

  constructor(
    private readonly runtime: Runtime,
    private readonly options: LambdaJournalOptions,
  ) {
    this.invoke = options.invoke ?? sdkInvoke();
    this.limit = options.payloadLimit ?? ASYNC_PAYLOAD_LIMIT;
  }

  /** `Runtime.deliveryJournal`: one journal per handler, the newest app's executor runs the events. */
  open(executor: DeliveryExecutor): this {
    this.executor = executor;
    return this;
  }

  async accept(record: DeliveryRecord): Promise<void> {
    if (record.kind === 'replay') {
      // build and check refuse replay() for lambda; this is for a config that reached here unbuilt
      throw new DeliveryNotStored('replay() needs a scheduler, which Lambda does not have here', 'an asynchronous invocation runs at once: it cannot wait until the replay is due');
    }
    const functionName = this.options.functionName();
    if (!functionName) throw new DeliveryNotStored('the delivery queue is unavailable', 'no function name to invoke (neither the invocation context nor AWS_LAMBDA_FUNCTION_NAME gives one)');
    const payload = this.encoder.encode(JSON.stringify(deliveryEvent(record)));
    if (payload.byteLength > this.limit) {
      throw new DeliveryNotStored(
        `the request is too large for the delivery queue (${payload.byteLength} bytes as an asynchronous Lambda invocation, limit ${this.limit}); without "async" an endpoint takes up to 6 MB`,
        `the event would be ${payload.byteLength} bytes`,
        413,
      );
    }
    try {
      await this.invoke(functionName, payload);
    } catch (error) {
      throw new DeliveryNotStored('the delivery queue is unavailable', `the asynchronous invocation of ${functionName} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  /** Lambda redelivers the event it stored, whose record never changes: each attempt looks like the first. */
  async begin(record: DeliveryRecord): Promise<number> {
    return record.attempts + 1;
  }

  /** Nowhere to save it: Lambda's retry runs the stored event again from where it began. */
  async progress(_record: DeliveryRecord, _nextAction: number, _context: Readonly<Record<string, JsonValue>>): Promise<void> {}

  /** The handler turns the settlement into the invocation's outcome (a throw for `retrying`). */
  async settle(_record: DeliveryRecord, _attempt: number, _settlement: Settlement): Promise<void> {}
}

/** A failed attempt of an endpoint with `retry`: thrown from the handler so that Lambda retries the event. */
export class DeliveryAttemptFailed extends Error {
  override readonly name = 'DeliveryAttemptFailed';
}
