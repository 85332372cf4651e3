/**
 * The Node server's delivery journal: one SQLite database, `<state_dir>/webhook-proxy.db`, in WAL
 * mode with full syncs, one transaction per state change. Tables: `deliveries` (one row per
 * delivery, docs/delivery.md), `delivery_attempts` (one row per attempt begun) and
 * `journal_sessions` (the server processes using the file, so that one never takes over
 * deliveries another live process is running). Named for what they hold, so that other state
 * (the delivery ids of `dedupe`, today dedupe.jsonl) can move into the same file later.
 */
import { chmodSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DeliveryKind, DeliveryRecord, DeliveryState, JsonValue } from '../../../src/delivery/delivery-record.js';
import type { Settlement } from '../../../src/delivery/journal.js';
import type { DeferredRequest } from '../../../src/delivery/stored-request.js';
import { HISTORY_SCHEMA, type ActionRun } from './history-schema.js';
import { openSqlite, type SqliteDatabase, type SqliteStatement, type SqlValue } from './sqlite.js';

export const JOURNAL_FILE = 'webhook-proxy.db';
/** A session whose heartbeat is older than this is gone, whatever its pid says (the pid may be reused). */
export const SESSION_STALE_MS = 30_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS deliveries (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL,
  route TEXT NOT NULL,
  method TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL,
  next_action INTEGER NOT NULL,
  due_at INTEGER NOT NULL,
  received_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  last_error TEXT,
  request TEXT NOT NULL,
  context TEXT NOT NULL,
  owner TEXT
);
CREATE INDEX IF NOT EXISTS deliveries_by_state ON deliveries (state, due_at);
CREATE TABLE IF NOT EXISTS delivery_attempts (
  id INTEGER PRIMARY KEY,
  delivery_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER,
  outcome TEXT NOT NULL,
  action_index INTEGER,
  error TEXT
);
CREATE INDEX IF NOT EXISTS delivery_attempts_by_delivery ON delivery_attempts (delivery_id);
CREATE TABLE IF NOT EXISTS journal_sessions (
  id TEXT PRIMARY KEY,
  pid INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  heartbeat_at INTEGER NOT NULL
);
`;

/** One attempt as `deliveries show` prints it. */
export interface AttemptRow {
  readonly attempt: number;
  readonly startedAt: number;
  readonly finishedAt: number | null;
  /** running, succeeded, failed, interrupted (the process stopped mid-way; it does not count). */
  readonly outcome: string;
  readonly actionIndex: number | null;
  readonly error: string | null;
}

export interface DeliveryRow extends DeliveryRecord {
  readonly updatedAt: number;
  readonly owner: string | null;
}

/**
 * `debounce`: per burst (endpoint and rendered `debounce_key`), its one delivery still waiting
 * for the quiet period to end. The row goes when an attempt of it begins: from then on a new
 * request of the burst starts a new one.
 */
const DEBOUNCE_SCHEMA = `
CREATE TABLE IF NOT EXISTS debounce_bursts (
  burst TEXT PRIMARY KEY,
  delivery_id TEXT NOT NULL
);
`;

export class SqliteJournal {
  readonly file: string;
  driver = '';
  private db: SqliteDatabase | undefined;
  private readonly statements = new Map<string, SqliteStatement>();

  constructor(stateDir: string) {
    this.file = join(resolve(stateDir), JOURNAL_FILE);
  }

  /** The sync level commits have unless relaxedTransaction says otherwise. */
  private synchronous: 'FULL' | 'NORMAL' = 'FULL';

  get isOpen(): boolean {
    return this.db !== undefined;
  }

  /**
   * Opens (creating the folder, the file and the tables); throws when it cannot. `synchronous`
   * NORMAL: commits are not flushed one by one (the deliveries page's record of refused
   * requests, which a power cut may cut short); deliveries are always written with FULL.
   */
  open({ synchronous = 'FULL' }: { synchronous?: 'FULL' | 'NORMAL' } = {}): void {
    if (this.db) return;
    mkdirSync(resolve(this.file, '..'), { recursive: true, mode: 0o700 });
    const { db, driver } = openSqlite(this.file);
    try {
      db.exec('PRAGMA journal_mode = WAL');
      // FULL: a committed delivery survives a power cut too, not only a crash of the process
      db.exec(`PRAGMA synchronous = ${synchronous}`);
      this.synchronous = synchronous;
      // the `deliveries` command and a starting server may write while another process does
      db.exec('PRAGMA busy_timeout = 5000');
      db.exec(SCHEMA);
      db.exec(HISTORY_SCHEMA);
      db.exec(DEBOUNCE_SCHEMA);
      chmodSync(this.file, 0o600);
    } catch (error) {
      db.close();
      throw error;
    }
    this.db = db;
    this.driver = driver;
  }

  close(): void {
    this.statements.clear();
    this.db?.close();
    this.db = undefined;
  }

  insert(record: DeliveryRecord, owner: string | null, now = Date.now()): void {
    this.run(
      'INSERT INTO deliveries (id, kind, route, method, state, attempts, next_action, due_at, received_at, updated_at, last_error, request, context, owner) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      record.id,
      record.kind,
      record.request.route,
      record.request.method,
      record.state,
      record.attempts,
      record.nextAction,
      record.dueAt,
      record.receivedAt,
      now,
      record.lastError,
      JSON.stringify(record.request),
      JSON.stringify(record.context),
      owner,
    );
  }

  /** Several deliveries in one transaction: one sync for all (accepting a burst of requests). */
  insertAll(records: readonly DeliveryRecord[], owner: string | null, now = Date.now()): void {
    this.transaction(() => {
      for (const record of records) this.insert(record, owner, now);
    });
  }

  /**
   * Stores a debounced delivery (free for any process to claim when due) as the one waiting
   * delivery of `burst`, deleting the burst's earlier one unless it has been claimed. Returns
   * how many were deleted (0 or 1).
   */
  insertDebounced(record: DeliveryRecord, burst: string, now = Date.now()): number {
    return this.transaction(() => {
      const previous = this.stmt('SELECT delivery_id FROM debounce_bursts WHERE burst = ?').get(burst);
      let replaced = 0;
      if (previous) {
        replaced = Number(this.run("DELETE FROM deliveries WHERE id = ? AND state = 'pending' AND owner IS NULL", String(previous.delivery_id)).changes);
      }
      this.insert(record, null, now);
      this.run('INSERT OR REPLACE INTO debounce_bursts (burst, delivery_id) VALUES (?, ?)', burst, record.id);
      return replaced;
    });
  }

  /** The delivery is running; its attempt row is written. Returns the attempt's number. */
  begin(id: string, now = Date.now()): number {
    return this.relaxedTransaction(() => {
      const row = this.stmt('SELECT attempts FROM deliveries WHERE id = ?').get(id);
      if (!row) throw new Error(`no delivery ${id} in ${this.file}`);
      const attempt = Number(row.attempts) + 1;
      this.run("UPDATE deliveries SET state = 'running', updated_at = ? WHERE id = ?", now, id);
      this.run('DELETE FROM debounce_bursts WHERE delivery_id = ?', id);
      this.run("INSERT INTO delivery_attempts (delivery_id, attempt, started_at, outcome) VALUES (?, ?, ?, 'running')", id, attempt, now);
      return attempt;
    });
  }

  /** `ran`: the action that just ended, written in the same transaction. */
  progress(id: string, nextAction: number, context: Readonly<Record<string, JsonValue>>, now = Date.now(), ran?: { attempt: number; action: ActionRun }): void {
    this.relaxedTransaction(() => {
      this.run('UPDATE deliveries SET next_action = ?, context = ?, updated_at = ? WHERE id = ?', nextAction, JSON.stringify(context), now, id);
      if (ran) this.insertActionRun(id, ran.attempt, ran.action);
    });
  }

  /** Each action of each attempt of a delivery, in the order they ran. */
  actionRuns(id: string): (ActionRun & { attempt: number })[] {
    return this.stmt('SELECT * FROM delivery_actions WHERE delivery_id = ? ORDER BY id')
      .all(id)
      .map((row) => ({
        attempt: Number(row.attempt),
        index: Number(row.action_index),
        startedAt: Number(row.started_at),
        finishedAt: Number(row.finished_at),
        ok: Number(row.ok) === 1,
        error: row.error === null ? null : String(row.error),
        output: String(row.output),
      }));
  }

  /** A new delivery started by hand from `original` (Redeliver), linked to it. */
  insertRedelivery(record: DeliveryRecord, original: string, owner: string | null): void {
    this.transaction(() => {
      this.insert(record, owner);
      this.run('INSERT INTO delivery_links (delivery_id, redelivery_of) VALUES (?, ?)', record.id, original);
    });
  }

  /** A statement on this database, prepared once (the deliveries page's own queries). */
  query(sql: string): SqliteStatement {
    return this.stmt(sql);
  }

  private insertActionRun(id: string, attempt: number, action: ActionRun): void {
    this.run(
      'INSERT INTO delivery_actions (delivery_id, attempt, action_index, started_at, finished_at, ok, error, output) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      id,
      attempt,
      action.index,
      action.startedAt,
      action.finishedAt,
      action.ok ? 1 : 0,
      action.error,
      action.output,
    );
  }

  settle(id: string, attempt: number, settlement: Settlement, now = Date.now(), ran?: ActionRun): void {
    this.relaxedTransaction(() => {
      if (ran) this.insertActionRun(id, attempt, ran);
      // a finished delivery belongs to no process: `deliveries retry` may hand it to any
      const keepOwner = settlement.state === 'retrying';
      this.run(
        `UPDATE deliveries SET state = ?, attempts = ?, next_action = ?, context = ?, last_error = ?, due_at = ?, updated_at = ?${keepOwner ? '' : ', owner = NULL'} WHERE id = ?`,
        settlement.state,
        attempt,
        settlement.nextAction,
        JSON.stringify(settlement.context),
        settlement.error,
        settlement.dueAt,
        now,
        id,
      );
      this.run(
        "UPDATE delivery_attempts SET finished_at = ?, outcome = ?, action_index = ?, error = ? WHERE delivery_id = ? AND attempt = ? AND outcome = 'running'",
        now,
        settlement.state === 'succeeded' ? 'succeeded' : 'failed',
        settlement.failedAction,
        settlement.error,
        id,
        attempt,
      );
    });
  }

  /**
   * Takes up to `limit` deliveries that are due and free (no owner, or `owner` already), other
   * than those in `exclude`, for `owner`.
   */
  claimDue(owner: string, now: number, limit: number, exclude: ReadonlySet<string>): DeliveryRecord[] {
    if (limit <= 0) return [];
    return this.transaction(() => {
      const rows = this.stmt("SELECT * FROM deliveries WHERE state IN ('pending', 'retrying') AND due_at <= ? AND (owner IS NULL OR owner = ?) ORDER BY due_at, rowid LIMIT ?").all(
        now,
        owner,
        limit + exclude.size,
      );
      const taken: DeliveryRecord[] = [];
      for (const row of rows) {
        if (taken.length >= limit) break;
        if (exclude.has(String(row.id))) continue;
        this.run('UPDATE deliveries SET owner = ? WHERE id = ?', owner, String(row.id));
        taken.push(toRecord(row));
      }
      return taken;
    });
  }

  /** When the next free or own delivery comes due (ms), or undefined when none waits. */
  nextDue(owner: string): number | undefined {
    const row = this.stmt("SELECT MIN(due_at) AS due FROM deliveries WHERE state IN ('pending', 'retrying') AND (owner IS NULL OR owner = ?)").get(owner);
    return row?.due === null || row?.due === undefined ? undefined : Number(row.due);
  }

  registerSession(id: string, pid: number, now = Date.now()): void {
    this.run('INSERT INTO journal_sessions (id, pid, started_at, heartbeat_at) VALUES (?, ?, ?, ?)', id, pid, now, now);
  }

  heartbeat(id: string, now = Date.now()): void {
    this.run('UPDATE journal_sessions SET heartbeat_at = ? WHERE id = ?', now, id);
  }

  /**
   * Frees the deliveries of processes that are gone (`alive` says which are not): a running one
   * becomes pending again, its attempt `interrupted`. Returns how many were freed.
   */
  adoptOrphans(self: string, alive: (session: { pid: number; heartbeatAt: number }) => boolean): number {
    return this.transaction(() => {
      for (const session of this.stmt('SELECT id, pid, heartbeat_at FROM journal_sessions WHERE id != ?').all(self)) {
        if (!alive({ pid: Number(session.pid), heartbeatAt: Number(session.heartbeat_at) })) this.run('DELETE FROM journal_sessions WHERE id = ?', String(session.id));
      }
      const orphaned = 'owner IS NOT NULL AND owner NOT IN (SELECT id FROM journal_sessions)';
      this.run(
        `UPDATE delivery_attempts SET outcome = 'interrupted' WHERE outcome = 'running' AND delivery_id IN (SELECT id FROM deliveries WHERE state = 'running' AND (${orphaned} OR owner IS NULL))`,
      );
      const freed = this.run(`UPDATE deliveries SET owner = NULL, state = CASE state WHEN 'running' THEN 'pending' ELSE state END WHERE (${orphaned}) OR (state = 'running' AND owner IS NULL)`);
      return Number(freed.changes);
    });
  }

  /** Deliveries by state, every state present. */
  counts(): Record<DeliveryState, number> {
    const counts: Record<DeliveryState, number> = { pending: 0, running: 0, retrying: 0, succeeded: 0, dead: 0 };
    for (const row of this.stmt('SELECT state, COUNT(*) AS n FROM deliveries GROUP BY state').all()) counts[String(row.state) as DeliveryState] = Number(row.n);
    return counts;
  }

  /** The most recent deliveries first. */
  list(limit: number, state?: DeliveryState): DeliveryRow[] {
    const rows = state
      ? this.stmt('SELECT * FROM deliveries WHERE state = ? ORDER BY received_at DESC, id DESC LIMIT ?').all(state, limit)
      : this.stmt('SELECT * FROM deliveries ORDER BY received_at DESC, id DESC LIMIT ?').all(limit);
    return rows.map(toRow);
  }

  /** One delivery by its id or a unique prefix of it; a list when the prefix is not unique. */
  find(idOrPrefix: string): DeliveryRow | DeliveryRow[] | undefined {
    const exact = this.stmt('SELECT * FROM deliveries WHERE id = ?').get(idOrPrefix);
    if (exact) return toRow(exact);
    const rows = this.stmt('SELECT * FROM deliveries WHERE substr(id, 1, length(?)) = ? ORDER BY id LIMIT 10').all(idOrPrefix, idOrPrefix);
    if (rows.length === 0) return undefined;
    return rows.length === 1 ? toRow(rows[0]!) : rows.map(toRow);
  }

  attempts(id: string): AttemptRow[] {
    return this.stmt('SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY id')
      .all(id)
      .map((row) => ({
        attempt: Number(row.attempt),
        startedAt: Number(row.started_at),
        finishedAt: row.finished_at === null ? null : Number(row.finished_at),
        outcome: String(row.outcome),
        actionIndex: row.action_index === null ? null : Number(row.action_index),
        error: row.error === null ? null : String(row.error),
      }));
  }

  /**
   * A dead delivery goes back in the queue, due now, for any server on this journal, with a
   * fresh set of attempts; it resumes at the action that failed. False unless it was dead.
   */
  requeue(id: string, now = Date.now()): boolean {
    const result = this.run("UPDATE deliveries SET state = 'pending', attempts = 0, due_at = ?, updated_at = ?, owner = NULL WHERE id = ? AND state = 'dead'", now, now, id);
    return Number(result.changes) === 1;
  }

  /** Deletes deliveries in `state` last changed before `before` (ms), with their attempts; returns how many. */
  purge(state: 'dead' | 'succeeded', before: number): number {
    return this.transaction(() => {
      this.run('DELETE FROM delivery_attempts WHERE delivery_id IN (SELECT id FROM deliveries WHERE state = ? AND updated_at < ?)', state, before);
      this.run('DELETE FROM delivery_actions WHERE delivery_id IN (SELECT id FROM deliveries WHERE state = ? AND updated_at < ?)', state, before);
      this.run('DELETE FROM delivery_links WHERE delivery_id IN (SELECT id FROM deliveries WHERE state = ? AND updated_at < ?)', state, before);
      return Number(this.run('DELETE FROM deliveries WHERE state = ? AND updated_at < ?', state, before).changes);
    });
  }

  /** Statements are prepared once per database. */
  private stmt(sql: string): SqliteStatement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db!.prepare(sql);
      this.statements.set(sql, statement);
    }
    return statement;
  }

  private run(sql: string, ...params: SqlValue[]): { changes: number | bigint } {
    return this.stmt(sql).run(...params);
  }

  /**
   * A transaction committed without its own sync (synchronous = NORMAL), on a journal opened with
   * FULL: for the records of an attempt (begin, progress, settle). Committed, they survive a crash
   * of the process (WAL: they are in the file, the OS writes them out); only a power cut or an OS
   * crash may take back the last ones, and the delivery is then found as it was before them and
   * run again: at least once still holds. The next full-sync commit (an accepted request) syncs
   * them too. Accepting stays FULL: the 200 promises the request is on disk.
   */
  private relaxedTransaction<T>(work: () => T): T {
    if (this.synchronous !== 'FULL') return this.transaction(work);
    this.db!.exec('PRAGMA synchronous = NORMAL');
    try {
      return this.transaction(work);
    } finally {
      this.db!.exec('PRAGMA synchronous = FULL');
    }
  }

  private transaction<T>(work: () => T): T {
    this.db!.exec('BEGIN IMMEDIATE');
    try {
      const result = work();
      this.db!.exec('COMMIT');
      return result;
    } catch (error) {
      this.db!.exec('ROLLBACK');
      throw error;
    }
  }
}

function toRecord(row: Record<string, unknown>): DeliveryRecord {
  return {
    id: String(row.id),
    kind: String(row.kind) as DeliveryKind,
    request: JSON.parse(String(row.request)) as DeferredRequest,
    receivedAt: Number(row.received_at),
    attempts: Number(row.attempts),
    nextAction: Number(row.next_action),
    context: JSON.parse(String(row.context)) as Record<string, JsonValue>,
    state: String(row.state) as DeliveryState,
    lastError: row.last_error === null ? null : String(row.last_error),
    dueAt: Number(row.due_at),
  };
}

function toRow(row: Record<string, unknown>): DeliveryRow {
  return { ...toRecord(row), updatedAt: Number(row.updated_at), owner: row.owner === null ? null : String(row.owner) };
}
