import { checkForTarget } from '../../src/config/check-target.js';
import { ConfigError } from '../../src/config/config-error.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { needsJournal } from '../../src/delivery/journal-needs.js';
import { sqliteDriver } from './journal/sqlite.js';

/** `check` and the server's load: the actions Node can run, and the SQLite driver the journal needs. */
export function checkForNode(config: ServerConfig): void {
  if (needsJournal(config)) {
    // an async endpoint without its journal would accept requests it cannot keep
    const missing = sqliteDriver();
    if (missing instanceof Error) throw new ConfigError(`${missing.message}. An async endpoint (or replay()) needs the delivery journal (docs/delivery.md)`);
  }
  checkForTarget(config, 'node');
}
