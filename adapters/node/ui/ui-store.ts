/**
 * The deliveries page's reads (and its one write, the record of answered requests) on the
 * journal's SQLite file, over a connection of its own. Lists are paged by key (time, id) in SQL
 * on the indexes of history-schema.ts: a page reads about one page of index entries, however
 * many rows the journal holds.
 */
import type { DeliveryState } from '../../../src/delivery/delivery-record.js';
import type { ActionRun } from '../journal/history-schema.js';
import { SqliteJournal, type AttemptRow, type DeliveryRow } from '../journal/sqlite-journal.js';
import type { SqlValue } from '../journal/sqlite.js';

/** What became of a request the journal does not hold. */
export type AnsweredState = 'succeeded' | 'failed' | 'rejected' | 'duplicate';
export type ListState = DeliveryState | Exclude<AnsweredState, 'succeeded'>;
export const LIST_STATES: readonly ListState[] = ['succeeded', 'retrying', 'dead', 'pending', 'running', 'duplicate', 'rejected', 'failed'];
const DELIVERY_ONLY = new Set<string>(['retrying', 'dead', 'pending', 'running']);
const ANSWERED_ONLY = new Set<string>(['duplicate', 'rejected', 'failed']);

export interface AnsweredRecord {
  readonly receivedAt: number;
  readonly requestId: string;
  readonly route: string;
  readonly method: string;
  readonly path: string;
  readonly state: AnsweredState;
  readonly status: number;
  readonly durationMs: number;
  readonly remoteAddr: string;
  /** Masked header pairs. */
  readonly headers: [string, string][];
  readonly body: string;
  readonly bodySize: number;
  readonly output: { index?: number; level: string; text: string }[];
}

export interface ListRow {
  /** `d:<delivery id>` or `r:<row id>`: the page's link, and the tie-break of the order. */
  readonly key: string;
  readonly receivedAt: number;
  readonly route: string;
  readonly method: string;
  readonly state: string;
  /** The answer's status (answered requests). */
  readonly status: number | null;
  readonly attempts: number | null;
  readonly durationMs: number | null;
  readonly requestId: string;
  readonly error: string | null;
  readonly replay: boolean;
}

export interface ListFilter {
  readonly route?: string;
  readonly state?: ListState;
  /** Only rows received at or after (ms). */
  readonly since?: number;
  /** The page starts after this row (its time and key). */
  readonly before?: { at: number; key: string };
}

/** `at.key` of a list row: the cursor of the next page. */
export function cursorOf(row: ListRow): string {
  return `${row.receivedAt}.${row.key}`;
}

export function parseCursor(text: string | undefined): ListFilter['before'] | undefined {
  const found = /^(\d{1,15})\.([dr]:[A-Za-z0-9-]{1,80})$/.exec(text ?? '');
  return found ? { at: Number(found[1]), key: found[2]! } : undefined;
}

export class UiStore {
  readonly sqlite: SqliteJournal;

  constructor(stateDir: string) {
    this.sqlite = new SqliteJournal(stateDir);
  }

  open(): void {
    // refused requests are a record for people, not a promise to a sender: no flush per row
    this.sqlite.open({ synchronous: 'NORMAL' });
  }

  close(): void {
    this.sqlite.close();
  }

  insertAnswered(record: AnsweredRecord): number {
    const result = this.sqlite
      .query(
        'INSERT INTO answered_requests (received_at, request_id, route, method, path, state, status, duration_ms, remote_addr, headers, body, body_size, output) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id',
      )
      .get(
        record.receivedAt,
        record.requestId,
        record.route,
        record.method,
        record.path,
        record.state,
        record.status,
        record.durationMs,
        record.remoteAddr,
        JSON.stringify(record.headers),
        record.body,
        record.bodySize,
        JSON.stringify(record.output),
      );
    return Number(result!.id);
  }

  /** Removes answered requests older than `before` and all but the newest `keep`; returns how many. */
  pruneAnswered(before: number, keep: number): number {
    let removed = Number(this.sqlite.query('DELETE FROM answered_requests WHERE received_at < ?').run(before).changes);
    const edge = this.sqlite.query('SELECT id FROM answered_requests ORDER BY id DESC LIMIT 1 OFFSET ?').get(keep);
    if (edge) removed += Number(this.sqlite.query('DELETE FROM answered_requests WHERE id <= ?').run(Number(edge.id)).changes);
    return removed;
  }

  /** Newest first, `limit` rows, and whether there are more. */
  list(filter: ListFilter, limit: number): { rows: ListRow[]; more: boolean } {
    const rows = [...(ANSWERED_ONLY.has(filter.state ?? '') ? [] : this.deliveries(filter, limit + 1)), ...(DELIVERY_ONLY.has(filter.state ?? '') ? [] : this.answered(filter, limit + 1))];
    rows.sort((a, b) => b.receivedAt - a.receivedAt || (a.key < b.key ? 1 : a.key > b.key ? -1 : 0));
    return { rows: rows.slice(0, limit), more: rows.length > limit };
  }

  private deliveries(filter: ListFilter, limit: number): ListRow[] {
    // a key of the other table sorts after every delivery key at the same time ("r:" > "d:")
    const { where, params } = whereOf(filter, (before) => (before.startsWith('d:') ? before.slice(2) : '\u{10ffff}'));
    const sql = `SELECT id, kind, route, method, state, attempts, received_at, updated_at, last_error, json_extract(request, '$.id') AS request_id FROM deliveries${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY received_at DESC, id DESC LIMIT ?`;
    return this.sqlite
      .query(sql)
      .all(...params, limit)
      .map((row) => {
        const finished = row.state === 'succeeded' || row.state === 'dead';
        return {
          key: `d:${String(row.id)}`,
          receivedAt: Number(row.received_at),
          route: String(row.route),
          method: String(row.method),
          state: String(row.state),
          status: null,
          attempts: Number(row.attempts),
          durationMs: finished ? Number(row.updated_at) - Number(row.received_at) : null,
          requestId: String(row.request_id ?? ''),
          error: row.last_error === null ? null : String(row.last_error),
          replay: row.kind === 'replay',
        };
      });
  }

  private answered(filter: ListFilter, limit: number): ListRow[] {
    // a delivery key sorts before every request key at the same time: none of those follow it
    const { where, params } = whereOf(filter, (before) => (before.startsWith('r:') ? Number(before.slice(2)) : before.startsWith('d:') ? 0 : Number.MAX_SAFE_INTEGER));
    const sql = `SELECT id, received_at, request_id, route, method, state, status, duration_ms, output FROM answered_requests${where.length ? ` WHERE ${where.join(' AND ')}` : ''} ORDER BY received_at DESC, id DESC LIMIT ?`;
    return this.sqlite
      .query(sql)
      .all(...params, limit)
      .map((row) => ({
        key: `r:${String(row.id)}`,
        receivedAt: Number(row.received_at),
        route: String(row.route),
        method: String(row.method),
        state: String(row.state),
        status: Number(row.status),
        attempts: null,
        durationMs: Number(row.duration_ms),
        requestId: String(row.request_id),
        error: firstError(String(row.output)),
        replay: false,
      }));
  }

  /** Rows per state received since each of `sinces` (ms), deliveries and answered requests together. */
  countsSince(sinces: readonly number[]): Map<string, number>[] {
    const counts = sinces.map(() => new Map<string, number>());
    const oldest = Math.min(...sinces);
    // one pass per table over its (state, received_at) index, a sum per period
    const sums = sinces.map((_, index) => `SUM(received_at >= ?) AS n${index}`).join(', ');
    for (const table of ['deliveries', 'answered_requests']) {
      for (const row of this.sqlite.query(`SELECT state, ${sums} FROM ${table} WHERE received_at >= ? GROUP BY state`).all(...sinces, oldest)) {
        sinces.forEach((_, index) => counts[index]!.set(String(row.state), (counts[index]!.get(String(row.state)) ?? 0) + Number(row[`n${index}`] ?? 0)));
      }
    }
    return counts;
  }

  /**
   * For each of `routes`, how many rows arrived in each of `buckets` slices of `bucketMs` ending
   * at `now`: a count per slice on the (route, received_at) indexes, which reads index entries
   * only (one GROUP BY over a day of rows would sort them all).
   */
  activity(now: number, buckets: number, bucketMs: number, routes: readonly string[]): Map<string, number[]> {
    const since = now - buckets * bucketMs;
    const byRoute = new Map<string, number[]>();
    for (const route of routes) {
      const series = Array.from({ length: buckets }, (_, bucket) => {
        let count = 0;
        for (const table of ['deliveries', 'answered_requests']) {
          const row = this.sqlite
            .query(`SELECT COUNT(*) AS n FROM ${table} WHERE route = ? AND received_at >= ? AND received_at < ?`)
            .get(route, since + bucket * bucketMs, since + (bucket + 1) * bucketMs);
          count += Number(row?.n ?? 0);
        }
        return count;
      });
      if (series.some((count) => count > 0)) byRoute.set(route, series);
    }
    return byRoute;
  }

  delivery(id: string): { row: DeliveryRow; attempts: AttemptRow[]; actions: (ActionRun & { attempt: number })[]; redeliveryOf: string | null; redeliveredAs: string[] } | undefined {
    const found = this.sqlite.find(id);
    if (!found || Array.isArray(found) || found.id !== id) return undefined;
    const link = this.sqlite.query('SELECT redelivery_of FROM delivery_links WHERE delivery_id = ?').get(id);
    const later = this.sqlite.query('SELECT delivery_id FROM delivery_links WHERE redelivery_of = ? ORDER BY delivery_id').all(id);
    return {
      row: found,
      attempts: this.sqlite.attempts(id),
      actions: this.sqlite.actionRuns(id),
      redeliveryOf: link ? String(link.redelivery_of) : null,
      redeliveredAs: later.map((row) => String(row.delivery_id)),
    };
  }

  answeredRequest(id: number): (AnsweredRecord & { id: number }) | undefined {
    const row = this.sqlite.query('SELECT * FROM answered_requests WHERE id = ?').get(id);
    if (!row) return undefined;
    return {
      id,
      receivedAt: Number(row.received_at),
      requestId: String(row.request_id),
      route: String(row.route),
      method: String(row.method),
      path: String(row.path),
      state: String(row.state) as AnsweredState,
      status: Number(row.status),
      durationMs: Number(row.duration_ms),
      remoteAddr: String(row.remote_addr),
      headers: JSON.parse(String(row.headers)) as [string, string][],
      body: String(row.body),
      bodySize: Number(row.body_size),
      output: JSON.parse(String(row.output)) as AnsweredRecord['output'],
    };
  }
}

/** The error line an answered request logged, for the list. */
function firstError(output: string): string | null {
  const lines = JSON.parse(output) as AnsweredRecord['output'];
  return lines.find((line) => line.level === 'error' || line.level === 'warn')?.text ?? null;
}

/**
 * The conditions of a list filter on either table (route, state, time) and, for the next page, the
 * key to continue after: `idAfter` turns the page's key into this table's id at the same time.
 */
function whereOf(filter: ListFilter, idAfter: (key: string) => SqlValue): { where: string[]; params: SqlValue[] } {
  const where: string[] = [];
  const params: SqlValue[] = [];
  const condition = (sql: string, ...values: SqlValue[]) => {
    where.push(sql);
    params.push(...values);
  };
  if (filter.route !== undefined) condition('route = ?', filter.route);
  if (filter.state !== undefined) condition('state = ?', filter.state);
  if (filter.since !== undefined) condition('received_at >= ?', filter.since);
  if (filter.before) condition('(received_at, id) < (?, ?)', filter.before.at, idAfter(filter.before.key));
  return { where, params };
}
