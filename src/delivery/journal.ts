/**
 * The delivery journal: what the core asks of a runtime's durable store. The request path
 * (handle-webhook.ts) accepts into it before answering an async request; the runtime's driver
 * (Node: adapters/node/delivery-driver.ts; later a queue consumer on Workers and Lambda) runs the
 * attempts through the app's `DeliveryExecutor` and records how they ended.
 *
 * A runtime without one (Lambda, and Workers without `server.queue`) leaves `Runtime.deliveryJournal`
 * undefined: async endpoints then run in memory as before, and `build`/`check` refuse `retry` and
 * `replay()`. Workers with `server.queue`: adapters/cloudflare/queue-journal.ts.
 */
import type { DeliveryRecord, JsonValue } from './delivery-record.js';

export interface DeliveryJournal {
  /**
   * Writes the delivery down durably; resolves only once it is stored (on Node: committed to
   * SQLite with a full sync). Rejects with `DeliveryNotStored` when it cannot be stored: the
   * request is then answered 503 and nothing was accepted.
   *
   * `runHere` true: the caller runs the first attempt at once, in this process (Node's accepted
   * requests, in their max_concurrency slot); the runtime must not start it too. false: the
   * runtime runs it when `dueAt` comes (replays; every delivery on a queue-based runtime).
   */
  accept(record: DeliveryRecord, options: { runHere: boolean }): Promise<void>;
  /**
   * `debounce`: writes the delivery down like `accept` (the runtime runs it when `dueAt`, the end
   * of the quiet period, comes) as the one waiting delivery of `burst`, deleting in the same
   * transaction the burst's earlier delivery if no attempt of it has been claimed yet. Resolves
   * how many it replaced (0 or 1). Absent where the journal cannot (the config is then refused).
   */
  acceptDebounced?(record: DeliveryRecord, burst: string): Promise<number>;
  /** An attempt begins: the delivery is `running`. Resolves the attempt's number (1-based). */
  begin(record: DeliveryRecord): Promise<number>;
  /**
   * The actions before `nextAction` have run and left `context`: a crash from here on resumes at
   * `nextAction`, so only the action interrupted runs twice. (A runtime that cannot save progress
   * within an attempt may resolve without writing; its retries then start the attempt over.)
   */
  progress(record: DeliveryRecord, nextAction: number, context: Readonly<Record<string, JsonValue>>): Promise<void>;
  /**
   * Records how attempt `attempt` ended, in one transaction. `retrying` and `pending` deliveries
   * are the runtime's to run again when `dueAt` comes.
   */
  settle(record: DeliveryRecord, attempt: number, settlement: Settlement): Promise<void>;
  /**
   * true: the runtime runs every delivery, accepted requests included (a queue consumer): the app
   * only writes them down (`runHere` false) and answers. Absent: the app runs the first attempt.
   */
  readonly runsAll?: boolean;
  /** What the attempt line says becomes of a dead delivery; default: Node's `deliveries retry`. */
  readonly deadNote?: string;
  /**
   * Where the runtime's queue retries a failed attempt by redelivering the same message on its own
   * schedule (Lambda's asynchronous invocation): what the attempt line says comes next, instead of
   * the wait until `dueAt`. Such an attempt cannot know its number, and the line gives none.
   */
  readonly retryNote?: string;
}

/** How one attempt ended and what comes next. */
export interface Settlement {
  readonly state: 'succeeded' | 'retrying' | 'dead';
  /** Where the next attempt starts (the failed action), or where the chain ended. */
  readonly nextAction: number;
  /** `context` after the attempt, as JSON: a retry starts with it. */
  readonly context: Readonly<Record<string, JsonValue>>;
  /** Why the attempt failed; null when it succeeded. */
  readonly error: string | null;
  /** For `retrying`: when the next attempt is due (ms since the epoch). */
  readonly dueAt: number;
  /** The index of the action that failed, or null. */
  readonly failedAction: number | null;
}

/**
 * What the app gives its runtime's driver: runs one attempt of a stored delivery, from `begin`
 * to `settle`, in a slot of `server.max_concurrency`, with the app's config (the newest, after
 * a reload). Resolves how it ended; it does not reject for a failed attempt.
 */
export interface DeliveryExecutor {
  deliver(record: DeliveryRecord): Promise<Settlement>;
}

/**
 * `Runtime.deliveryJournal(server, executor)`: asked once per app (again after a reload, with
 * the new app's executor, which then runs everything due), and only when the config needs it
 * (an async endpoint, or a template calling replay()). Throws `JournalNotAvailable` when the
 * runtime cannot keep a journal at all (Node without SQLite): a startup error, never a silent
 * fallback to memory.
 */
export type OpenDeliveryJournal = (server: JournalSettings, executor: DeliveryExecutor) => DeliveryJournal;

/** The `server` settings a journal reads (a part of ServerSettings). */
export interface JournalSettings {
  /** Node: the folder the journal's file is in. */
  readonly stateDir: string;
  /** Stored deliveries the driver holds in memory at once (waiting for a slot or running). */
  readonly maxPending: number;
  /** How long succeeded deliveries are kept, in seconds. */
  readonly historySeconds: number;
}

/**
 * The delivery could not be written down; `reason` is short and safe to send to the client.
 * `status`: 503 (try again later) unless the request itself can never be stored (413: too large
 * for a queue message).
 */
export class DeliveryNotStored extends Error {
  override readonly name = 'DeliveryNotStored';

  constructor(
    readonly reason: string,
    detail: string,
    readonly status: 503 | 413 = 503,
  ) {
    super(detail);
  }
}

/** The runtime cannot keep a journal at all; the message says what to install or change. */
export class JournalNotAvailable extends Error {
  override readonly name = 'JournalNotAvailable';
}
