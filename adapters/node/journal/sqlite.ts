/**
 * The little of SQLite the journal needs, over whichever driver this Node has: `node:sqlite`
 * (Node 22.5+; the container image and the serverless targets run Node 22), else `better-sqlite3`
 * (an optional dependency, built from source where a compiler is at hand, e.g. on Node 20).
 * Neither: `openSqlite` throws `SqliteUnavailable`, and a config that needs the journal does not
 * start: it never falls back to memory.
 */
import { createRequire } from 'node:module';

export type SqlValue = string | number | null;

export interface SqliteStatement {
  run(...params: SqlValue[]): { changes: number | bigint };
  get(...params: SqlValue[]): Record<string, unknown> | undefined;
  all(...params: SqlValue[]): Record<string, unknown>[];
}

export interface SqliteDatabase {
  exec(sql: string): void;
  prepare(sql: string): SqliteStatement;
  close(): void;
}

export class SqliteUnavailable extends Error {
  override readonly name = 'SqliteUnavailable';
}

type Driver = { name: string; open(file: string): SqliteDatabase };

const require = createRequire(import.meta.url);
let driver: Driver | Error | undefined;

/** The driver this Node can use, or why there is none. Looked up once. */
export function sqliteDriver(): Driver | SqliteUnavailable {
  driver ??= findDriver();
  return driver instanceof Error ? new SqliteUnavailable(driver.message) : driver;
}

export function openSqlite(file: string): { db: SqliteDatabase; driver: string } {
  const found = sqliteDriver();
  if (found instanceof Error) throw found;
  return { db: found.open(file), driver: found.name };
}

function findDriver(): Driver | Error {
  const reasons: string[] = [];
  const builtin = getBuiltin('node:sqlite') as { DatabaseSync?: new (file: string) => SqliteDatabase } | undefined;
  if (builtin?.DatabaseSync) {
    const DatabaseSync = builtin.DatabaseSync;
    return { name: 'node:sqlite', open: (file) => new DatabaseSync(file) };
  }
  reasons.push(`node:sqlite needs Node 22.5 or later (this is ${process.version})`);
  try {
    const Database = require('better-sqlite3') as new (file: string) => SqliteDatabase;
    // loading the native binding happens on the first open: try one in memory now
    new Database(':memory:').close();
    return { name: 'better-sqlite3', open: (file) => new Database(file) };
  } catch (error) {
    reasons.push(`better-sqlite3 cannot be loaded (${(error as Error).message.split('\n')[0]}); install it with a C++ compiler at hand: npm install better-sqlite3@12.11.1`);
  }
  return new Error(`no SQLite for the delivery journal: ${reasons.join('; ')}`);
}

/** A built-in module, or undefined when this Node has none by that name (no flag needed, no warning thrown). */
function getBuiltin(name: string): unknown {
  const get = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
  try {
    if (get) return get(name);
    return require(name);
  } catch {
    return undefined;
  }
}
