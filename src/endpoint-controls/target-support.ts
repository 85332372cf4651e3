/**
 * Which endpoint controls hold on the bundle targets; `build` and `check --target` refuse the
 * ones that cannot, with the reason, rather than bundle a limit that would silently not hold.
 *
 * - Lambda: each execution environment runs one request at a time; concurrent requests run in
 *   other environments, which share no memory. `concurrency` cannot hold there (the function's
 *   reserved concurrency can), nor can `debounce` (a burst spreads over environments that freeze
 *   after answering). `rate_limit` holds per execution environment; `response` everywhere.
 * - Workers: concurrency and debounce across isolates need a Durable Object, not built;
 *   `rate_limit` holds per isolate; `response` everywhere.
 */
import { ConfigError } from '../config/config-error.js';
import type { ServerConfig } from '../config/server-config.js';

const REASONS: Record<'lambda' | 'cloudflare', { concurrency: string; debounce: string }> = {
  lambda: {
    concurrency:
      'a Lambda execution environment runs one request at a time and concurrent requests run in other environments, which share nothing, so no per-endpoint limit holds; ' +
      "set the function's reserved concurrency instead (ReservedConcurrentExecutions: 1 runs one request at a time for the whole function), or run this endpoint on Node",
    debounce: 'a burst spreads over execution environments that share nothing and freeze once they answered, so nothing is left to run it after the quiet period; run this endpoint on Node',
  },
  cloudflare: {
    concurrency: 'requests run in many isolates, and a limit across them needs a Durable Object, which webhook-proxy does not build; run this endpoint on Node',
    debounce: 'a burst spreads over isolates, and holding it across them needs a Durable Object, which webhook-proxy does not build; run this endpoint on Node',
  },
};

export function refuseEndpointControls(config: ServerConfig, target: 'lambda' | 'cloudflare'): void {
  for (const endpoint of config.endpoints) {
    for (const name of ['concurrency', 'debounce'] as const) {
      if (endpoint[name]) throw new ConfigError(`"${name}" cannot be bundled for ${target}: ${REASONS[target][name]} (docs/configuration.md)`, undefined, `${endpoint.path}.${name}`);
    }
  }
}
