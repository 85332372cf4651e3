import { ConfigError } from '../../src/config/config-error.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { needsJournal } from '../../src/delivery/journal-needs.js';
import { sqliteDriver } from './journal/sqlite.js';

export const TARGETS = ['node', 'lambda', 'cloudflare'] as const;
export type Target = (typeof TARGETS)[number];

/** Refuses actions a platform cannot run, naming the endpoint, the action and the relay pattern. */
export function checkForTarget(config: ServerConfig, target: Target): void {
  if (target === 'node' && needsJournal(config)) {
    // an async endpoint without its journal would accept requests it cannot keep
    const missing = sqliteDriver();
    if (missing instanceof Error) throw new ConfigError(`${missing.message}. An async endpoint (or replay()) needs the delivery journal (docs/delivery.md)`);
  }
  for (const endpoint of config.endpoints) {
    for (const action of endpoint.actions) {
      const runtimes = action.definition.runtimes;
      if (runtimes && !runtimes.includes(target)) {
        throw new ConfigError(
          `the "${action.type}" action cannot run on ${target} (it runs on: ${runtimes.join(', ')}). ` +
            `Forward the request to a webhook-proxy on Node with an "http" action instead (see "Edge relay" in the README).`,
          action.position,
          `${endpoint.path}.actions[${action.index}].${action.type}`,
        );
      }
    }
  }
}
