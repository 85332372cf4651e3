import { plainText } from './responses.js';

/** Where the platform gives no hint of its cores (Workers): the Node server uses 4 × its cores. */
export const DEFAULT_MAX_CONCURRENCY = 16;
/** Seconds a refused sender is asked to wait; a queue of action chains drains in seconds, not hours. */
const RETRY_AFTER_SECONDS = 5;

/**
 * `server.max_concurrency` and `server.max_pending`: at most `maxConcurrency` action chains run
 * at once, across endpoints; the rest wait in one queue, in the order they arrived. Synchronous
 * requests wait without a cap (each holds its own connection, so the listener bounds them);
 * accepted async requests wait up to `maxPending`, past which they are refused with 503.
 */
export class WorkLimits {
  private running = 0;
  private waitingAsync = 0;
  private readonly queue: (() => void)[] = [];

  constructor(
    readonly maxConcurrency: number,
    readonly maxPending: number,
  ) {}

  /** Runs a synchronous request's chain: now when a slot is free, else after those queued before it. */
  run<T>(work: () => Promise<T>): Promise<T> {
    // a free slot is taken at once: no promise to wait on, on every request's path
    if (this.hasFreeSlot()) {
      this.running++;
      return this.runInSlot(work);
    }
    return new Promise<void>((resolve) => this.queue.push(resolve)).then(() => this.runInSlot(work));
  }

  /**
   * Queues an async request's chain; undefined, and nothing queued, when `maxPending` are already
   * waiting. Decided synchronously, so concurrent requests cannot overfill the queue.
   */
  runAsync<T>(work: () => Promise<T>): Promise<T> | undefined {
    if (this.hasFreeSlot()) {
      this.running++;
      return this.runInSlot(work);
    }
    if (this.waitingAsync >= this.maxPending) return undefined;
    this.waitingAsync++;
    return new Promise<void>((resolve) => this.queue.push(resolve)).then(() => {
      this.waitingAsync--;
      return this.runInSlot(work);
    });
  }

  /** The answer to an async request the queue has no room for. */
  static busy(): Response {
    return plainText(503, 'Service Unavailable: too many requests waiting', { 'Retry-After': String(RETRY_AFTER_SECONDS) });
  }

  private hasFreeSlot(): boolean {
    return this.running < this.maxConcurrency && this.queue.length === 0;
  }

  /** `running` already counts this chain; its end hands the slot to the next in line. */
  private async runInSlot<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } finally {
      const next = this.queue.shift();
      // the slot passes on without being freed, so nothing can overtake the queue
      if (next) next();
      else this.running--;
    }
  }
}
