import { checkForTarget } from '../config/check-target.js';
import { ConfigError } from '../config/config-error.js';
import type { ServerConfig } from '../config/server-config.js';
import { usesReplay } from '../delivery/journal-needs.js';
import { refuseEndpointControls } from '../endpoint-controls/target-support.js';
import type { BundleTarget } from './bundle-targets.js';
import { checkLambdaRetry, LAMBDA_REPLAY_REFUSAL } from './lambda-retry-limits.js';
import { serializeConfig, type SerializedBundle } from './serialize-config.js';

/**
 * Everything that makes a config unfit for a bundle, without bundling: actions the target cannot run
 * (named with the endpoint and the relay pattern), prepared settings that are not data, and the
 * delivery journal's features the target does not have yet (`retry`, `replay()`).
 * `check --target lambda|cloudflare` and `build` share it, so they give the same verdict.
 */
export function checkBundle(config: ServerConfig, target: BundleTarget): SerializedBundle {
  checkForTarget(config, target);
  refuseEndpointControls(config, target);
  // the page reads the SQLite journal in server.state_dir and is served by the Node server alone
  if (config.server.ui)
    throw new ConfigError(
      `server.ui cannot be bundled for ${target}: the deliveries page runs on the Node server only (it reads the delivery journal in server.state_dir); remove server.ui from this config`,
      undefined,
      'server.ui',
    );
  checkJournalFeatures(config, target);
  return serializeConfig(config);
}

/** Refused rather than bundled without them: a retry or a replay that silently never happens is a lost delivery. */
function checkJournalFeatures(config: ServerConfig, target: BundleTarget): void {
  if (target === 'cloudflare') return checkWorkerQueues(config);
  // Lambda: its asynchronous invocation queue (adapters/lambda/lambda-journal.ts) retries within its limits
  checkLambdaRetry(config);
  for (const endpoint of config.endpoints) {
    if (usesReplay(endpoint)) {
      const action = endpoint.actions.find((candidate) => usesReplay({ ...endpoint, actions: [candidate] }))!;
      throw new ConfigError(`replay() cannot be bundled for ${target}: ${LAMBDA_REPLAY_REFUSAL}`, action.position, `${endpoint.path}.actions[${action.index}].${action.type}`);
    }
  }
}

/**
 * Workers keep deliveries in Cloudflare Queues (adapters/cloudflare/queue-journal.ts): `retry` and
 * replay() need `server.queue`, and a queue needs `server.dead_letter_queue` for the dead ones. The
 * build cannot see wrangler's bindings: a binding missing at run time answers 503.
 */
function checkWorkerQueues(config: ServerConfig): void {
  const { queue, deadLetterQueue } = config.server;
  const bindings = 'docs/delivery.md shows the wrangler.toml bindings';
  if (queue === null && deadLetterQueue !== null) throw new ConfigError(`needs server.queue too, the queue binding deliveries go through (${bindings})`, undefined, 'server.dead_letter_queue');
  if (queue !== null && deadLetterQueue === null) throw new ConfigError(`needs server.dead_letter_queue too, the queue binding dead deliveries are sent to (${bindings})`, undefined, 'server.queue');
  if (queue !== null && queue === deadLetterQueue) throw new ConfigError('must name another binding than server.queue: dead deliveries would be run again', undefined, 'server.dead_letter_queue');
  if (queue !== null) return;
  const missing = `needs server.queue and server.dead_letter_queue on cloudflare, the Worker's queue bindings that keep deliveries (${bindings})`;
  for (const endpoint of config.endpoints) {
    if (endpoint.retry) throw new ConfigError(`"retry" ${missing}`, undefined, `${endpoint.path}.retry`);
    const action = endpoint.actions.find((candidate) => usesReplay({ ...endpoint, actions: [candidate] }));
    if (action) throw new ConfigError(`replay() ${missing}`, action.position, `${endpoint.path}.actions[${action.index}].${action.type}`);
  }
}
