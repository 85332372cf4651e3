import { serializeConfig, type SerializedBundle } from '../../src/build/serialize-config.js';
import { ConfigError } from '../../src/config/config-error.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { checkForTarget } from '../node/check-target.js';
import type { BundleTarget } from './build-bundle.js';

/**
 * Everything that makes a config unfit for a bundle, without bundling: actions the target cannot run
 * (named with the endpoint and the relay pattern), imports, prepared settings that are not data.
 * `check --target lambda|cloudflare` and `build` share it, so they give the same verdict.
 */
export function checkBundle(config: ServerConfig, target: BundleTarget): SerializedBundle {
  checkForTarget(config, target);
  if (config.server.imports.length > 0) {
    throw new ConfigError(`bundling "server.imports" for ${target} is not supported yet; run this config on Node`, undefined, 'server.imports');
  }
  return serializeConfig(config);
}
