import { ConfigError } from './config-error.js';
import type { ServerConfig } from './server-config.js';

export const TARGETS = ['node', 'lambda', 'cloudflare'] as const;
export type Target = (typeof TARGETS)[number];

/** Refuses actions a platform cannot run (Node also checks its journal driver: adapters/node/check-node.ts), naming the endpoint, the action and the relay pattern. */
export function checkForTarget(config: ServerConfig, target: Target): void {
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
