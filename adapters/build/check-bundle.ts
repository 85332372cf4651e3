import { serializeConfig, type SerializedBundle } from '../../src/build/serialize-config.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { checkForTarget } from '../node/check-target.js';
import type { BundleTarget } from './bundle-targets.js';

/**
 * Everything that makes a config unfit for a bundle, without bundling: actions the target cannot run
 * (named with the endpoint and the relay pattern), prepared settings that are not data.
 * `check --target lambda|cloudflare` and `build` share it, so they give the same verdict.
 */
export function checkBundle(config: ServerConfig, target: BundleTarget): SerializedBundle {
  checkForTarget(config, target);
  return serializeConfig(config);
}
