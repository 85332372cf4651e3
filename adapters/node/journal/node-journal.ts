/**
 * The Node runtime's `DeliveryJournal` and its driver: deliveries are written to SQLite before the
 * answer (sqlite-journal.ts); the app runs a fresh request's first attempt itself, in its
 * max_concurrency slot; this driver runs everything else when it comes due: retries, replays,
 * deliveries left unfinished by a previous run (after a crash or a shutdown past
 * shutdown_timeout), and dead ones put back by `webhook-proxy deliveries retry`.
 *
 * Memory: the driver holds at most `server.max_pending` stored deliveries at once (waiting for a
 * slot or running); the rest stay on disk until there is room.
 */
import type { LogEvent } from '../../../src/app/log-output.js';
import { newDelivery, type DeliveryRecord, type DeliveryState, type JsonValue } from '../../../src/delivery/delivery-record.js';
import { DeliveryNotStored, type DeliveryExecutor, type DeliveryJournal, type JournalSettings, type Settlement } from '../../../src/delivery/journal.js';
import type { DeliveryMetricsSink } from '../../../src/metrics/metrics-sink.js';
import type { BackgroundWork } from '../background-work.js';
import { AttemptOutputs } from './attempt-outputs.js';
import { SESSION_STALE_MS, SqliteJournal } from './sqlite-journal.js';

/** How often the journal is looked at for work other processes put there (`deliveries retry`). */
const POLL_MS = 1000;
const HEARTBEAT_MS = 5000;
const PRUNE_MS = 3600_000;

export interface NodeJournalOptions {
  readonly stateDir: string;
  readonly background: BackgroundWork;
  readonly stderr: (line: string) => void;
  readonly metrics?: () => DeliveryMetricsSink | undefined;
}

export class NodeJournal implements DeliveryJournal {
  readonly sqlite: SqliteJournal;
  private readonly session = `${process.pid}-${crypto.randomUUID()}`;
  private executor: DeliveryExecutor | undefined;
  private maxInMemory = 1000;
  private historyMs = 7 * 86_400_000;
  /** Deliveries this process holds: waiting for a slot or running. */
  private readonly holding = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private lastHeartbeat = 0;
  private lastPrune = 0;
  private openFailure: string | undefined;
  /** The attempts this process runs, for their actions' rows (output, timing, error). */
  private readonly outputs = new AttemptOutputs();

  constructor(private readonly options: NodeJournalOptions) {
    this.sqlite = new SqliteJournal(options.stateDir);
  }

  /** The newest app's executor and settings: it runs everything due from now on. */
  use(server: JournalSettings, executor: DeliveryExecutor): void {
    this.executor = executor;
    this.maxInMemory = server.maxPending;
    this.historyMs = server.historySeconds * 1000;
    this.tryOpen();
    this.schedule(0);
  }

  async accept(record: DeliveryRecord, { runHere }: { runHere: boolean }): Promise<void> {
    if (this.stopped) throw new DeliveryNotStored('shutting down', 'the server is stopping');
    if (!this.tryOpen()) throw new DeliveryNotStored('the delivery journal cannot be written', this.openFailure ?? 'not open');
    try {
      await this.insertWithOthers(record);
    } catch (error) {
      throw new DeliveryNotStored('the delivery journal cannot be written', `${this.sqlite.file}: ${(error as Error).message}`);
    }
    if (runHere) this.holding.add(record.id);
    else this.schedule(0);
  }

  /** Requests accepted in this event-loop turn, written together at its end (insertWithOthers). */
  private accepting: { record: DeliveryRecord; resolve: () => void; reject: (error: unknown) => void }[] = [];

  /**
   * Group commit: the requests accepted in one event-loop turn are written in one transaction, so
   * a burst pays one full sync, not one each; every one of them is on disk before its 200. When
   * the transaction fails, each is tried on its own, so only the one that cannot be written fails.
   */
  private insertWithOthers(record: DeliveryRecord): Promise<void> {
    return new Promise((resolve, reject) => {
      this.accepting.push({ record, resolve, reject });
      if (this.accepting.length > 1) return;
      setImmediate(() => {
        const batch = this.accepting;
        this.accepting = [];
        try {
          this.sqlite.insertAll(
            batch.map((entry) => entry.record),
            this.session,
          );
          for (const entry of batch) entry.resolve();
        } catch {
          for (const entry of batch) {
            try {
              this.sqlite.insert(entry.record, this.session);
              entry.resolve();
            } catch (error) {
              entry.reject(error);
            }
          }
        }
      });
    });
  }

  async acceptDebounced(record: DeliveryRecord, burst: string): Promise<number> {
    if (this.stopped) throw new DeliveryNotStored('shutting down', 'the server is stopping');
    if (!this.tryOpen()) throw new DeliveryNotStored('the delivery journal cannot be written', this.openFailure ?? 'not open');
    let replaced: number;
    try {
      replaced = this.sqlite.insertDebounced(record, burst);
    } catch (error) {
      throw new DeliveryNotStored('the delivery journal cannot be written', `${this.sqlite.file}: ${(error as Error).message}`);
    }
    this.schedule(0);
    return replaced;
  }

  async begin(record: DeliveryRecord): Promise<number> {
    const attempt = this.sqlite.begin(record.id);
    // a replay's attempt runs no action itself: it sends the request through the endpoint again
    if (record.kind === 'request') this.outputs.begin(record, attempt);
    return attempt;
  }

  async progress(record: DeliveryRecord, nextAction: number, context: Readonly<Record<string, JsonValue>>): Promise<void> {
    const now = Date.now();
    this.sqlite.progress(record.id, nextAction, context, now, this.outputs.ended(record, nextAction - 1, now));
  }

  async settle(record: DeliveryRecord, attempt: number, settlement: Settlement): Promise<void> {
    const now = Date.now();
    try {
      this.sqlite.settle(record.id, attempt, settlement, now, this.outputs.settled(record, settlement, now));
    } finally {
      this.holding.delete(record.id);
    }
    const outcome = settlement.state === 'retrying' ? 'failed' : settlement.state;
    this.options.metrics?.()?.deliveryAttempted({ route: record.request.route, method: record.request.method, outcome });
    if (settlement.state === 'retrying') this.schedule(0);
  }

  /**
   * A log event of an action of a delivery this process is running: kept as that action's
   * output. False when it belongs to no such attempt.
   */
  logged(event: LogEvent): boolean {
    return this.outputs.logged(event);
  }

  /**
   * Redeliver (the deliveries page): a finished delivery runs again through its endpoint as a
   * new delivery linked to it, from the first action after the sender checks (they passed when
   * it was accepted). Returns the new delivery, or why it cannot.
   */
  redeliver(id: string): DeliveryRecord | { refused: string } {
    if (this.stopped) return { refused: 'the server is stopping' };
    if (!this.tryOpen()) return { refused: `the delivery journal cannot be written: ${this.openFailure ?? 'not open'}` };
    const found = this.sqlite.find(id);
    if (!found || Array.isArray(found) || found.id !== id) return { refused: `no delivery ${id}` };
    if (found.state !== 'succeeded' && found.state !== 'dead') return { refused: `delivery ${id} is ${found.state}: only a finished (succeeded or dead) delivery is redelivered` };
    const record = newDelivery(found.request, { kind: found.kind });
    this.sqlite.insertRedelivery(record, found.id, null);
    this.schedule(0);
    return record;
  }

  /** Deliveries by state, for the gauge; undefined while the journal is not open. */
  counts(): Record<DeliveryState, number> | undefined {
    if (!this.sqlite.isOpen) return undefined;
    try {
      return this.sqlite.counts();
    } catch {
      return undefined;
    }
  }

  /** Shutdown: nothing new starts; attempts under way finish (the background drain waits for them). */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  /** Opens the file, registers this process and frees what gone processes left; false (logged once) when it cannot. */
  private tryOpen(): boolean {
    if (this.sqlite.isOpen) return true;
    try {
      this.sqlite.open();
      this.sqlite.registerSession(this.session, process.pid);
      const freed = this.sqlite.adoptOrphans(this.session, (session) => this.isAlive(session));
      this.lastHeartbeat = Date.now();
      const counts = this.sqlite.counts();
      this.options.stderr(
        `delivery journal: ${this.sqlite.file} (${this.sqlite.driver})${this.openFailure ? ' is writable again' : ''}; ${counts.pending + counts.retrying} to deliver${freed > 0 ? ` (${freed} left unfinished by a previous run continue)` : ''}, ${counts.dead} dead`,
      );
      this.openFailure = undefined;
      return true;
    } catch (error) {
      this.sqlite.close();
      const reason = `cannot open ${this.sqlite.file}: ${(error as Error).message}`;
      if (reason !== this.openFailure) this.options.stderr(`delivery journal: ${reason}; async endpoints answer 503 until it can`);
      this.openFailure = reason;
      return false;
    }
  }

  /** A session of another process is alive while its heartbeat is fresh and its pid runs (and is not ours: a restarted container reuses pid 1). */
  private isAlive({ pid, heartbeatAt }: { pid: number; heartbeatAt: number }): boolean {
    if (pid === process.pid || Date.now() - heartbeatAt > SESSION_STALE_MS) return false;
    try {
      process.kill(pid, 0);
      return true;
    } catch (error) {
      return (error as NodeJS.ErrnoException).code === 'EPERM';
    }
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.tick(), Math.max(0, Math.min(delayMs, POLL_MS)));
  }

  private tick(): void {
    if (this.stopped) return;
    if (!this.executor || !this.tryOpen()) {
      this.schedule(POLL_MS);
      return;
    }
    const now = Date.now();
    try {
      if (now - this.lastHeartbeat >= HEARTBEAT_MS) {
        this.sqlite.heartbeat(this.session, now);
        this.lastHeartbeat = now;
        this.sqlite.adoptOrphans(this.session, (session) => this.isAlive(session));
      }
      if (now - this.lastPrune >= PRUNE_MS) {
        this.lastPrune = now;
        const pruned = this.sqlite.purge('succeeded', now - this.historyMs);
        if (pruned > 0) this.options.stderr(`delivery journal: removed ${pruned} succeeded deliveries older than server.history`);
      }
      for (const record of this.sqlite.claimDue(this.session, now, this.maxInMemory - this.holding.size, this.holding)) this.run(record);
      const next = this.sqlite.nextDue(this.session);
      this.schedule(next === undefined ? POLL_MS : next - Date.now());
    } catch (error) {
      this.options.stderr(`delivery journal: ${(error as Error).message}`);
      this.schedule(POLL_MS);
    }
  }

  private run(record: DeliveryRecord): void {
    this.holding.add(record.id);
    const work = this.executor!.deliver(record)
      .catch((error: unknown) => {
        // the journal still says running: the next start runs it again
        this.options.stderr(`delivery ${record.id} ${record.request.method} ${record.request.route}: ${error instanceof Error ? error.message : String(error)}`);
      })
      .finally(() => {
        this.holding.delete(record.id);
        this.schedule(0);
      });
    this.options.background.track(work);
  }
}
