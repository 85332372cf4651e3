/**
 * What the journal keeps for people to look at (the deliveries page, adapters/node/ui/), beside
 * what it needs to deliver: each action of each attempt (its output, timing and error), which
 * delivery a Redeliver started from, and a bounded record of the requests the journal does not
 * hold (refused ones, synchronous runs, duplicates). The indexes serve the page's newest-first
 * lists, filtered by route or state, so a page of 100,000 rows reads a few index entries.
 */
export const HISTORY_SCHEMA = `
CREATE INDEX IF NOT EXISTS deliveries_by_time ON deliveries (received_at, id);
CREATE INDEX IF NOT EXISTS deliveries_by_route_time ON deliveries (route, received_at, id);
CREATE INDEX IF NOT EXISTS deliveries_by_state_time ON deliveries (state, received_at, id);
CREATE TABLE IF NOT EXISTS delivery_actions (
  id INTEGER PRIMARY KEY,
  delivery_id TEXT NOT NULL,
  attempt INTEGER NOT NULL,
  action_index INTEGER NOT NULL,
  started_at INTEGER NOT NULL,
  finished_at INTEGER NOT NULL,
  ok INTEGER NOT NULL,
  error TEXT,
  output TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS delivery_actions_by_delivery ON delivery_actions (delivery_id, attempt);
CREATE TABLE IF NOT EXISTS delivery_links (
  delivery_id TEXT PRIMARY KEY,
  redelivery_of TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS delivery_links_by_original ON delivery_links (redelivery_of);
CREATE TABLE IF NOT EXISTS answered_requests (
  id INTEGER PRIMARY KEY,
  received_at INTEGER NOT NULL,
  request_id TEXT NOT NULL,
  route TEXT NOT NULL,
  method TEXT NOT NULL,
  path TEXT NOT NULL,
  state TEXT NOT NULL,
  status INTEGER NOT NULL,
  duration_ms REAL NOT NULL,
  remote_addr TEXT NOT NULL,
  headers TEXT NOT NULL,
  body TEXT NOT NULL,
  body_size INTEGER NOT NULL,
  output TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS answered_requests_by_time ON answered_requests (received_at, id);
CREATE INDEX IF NOT EXISTS answered_requests_by_route_time ON answered_requests (route, received_at, id);
CREATE INDEX IF NOT EXISTS answered_requests_by_state_time ON answered_requests (state, received_at, id);
`;

/** One action of one attempt, as the page shows it. */
export interface ActionRun {
  readonly index: number;
  readonly startedAt: number;
  readonly finishedAt: number;
  readonly ok: boolean;
  readonly error: string | null;
  /** What it printed (its output line, or the lines a command wrote), truncated. */
  readonly output: string;
}
