import { loadConfigFile } from '../../adapters/node/load-config-file.js';
import type { BundleTarget } from '../../src/bundle/bundle-targets.js';
import { buildBundle as buildLoaded, type BuiltBundle } from '../../tools/build/build-bundle.js';

/** What `webhook-proxy build` does: load the config file as the CLI does, then bundle it. */
export async function buildBundle(options: { target: BundleTarget; configFile: string; outDir: string; warn?: (message: string) => void }): Promise<BuiltBundle> {
  const config = await loadConfigFile(options.configFile, options.warn ?? (() => undefined));
  return buildLoaded({ target: options.target, config, configFile: options.configFile, outDir: options.outDir });
}
