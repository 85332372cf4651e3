/**
 * The Cloudflare bundle's entry (`webhook-proxy build --target cloudflare`): revives the
 * config built into the bundle and returns the module worker. Templates come precompiled
 * and render on nunjucks' slim runtime: workerd forbids eval, and the bundle carries no
 * YAML parser and no template compiler.
 */
// @ts-expect-error nunjucks ships no types for its browser builds
import nunjucksSlim from 'nunjucks/browser/nunjucks-slim.js';
import { ActionRegistry } from '../../src/actions/action-registry.js';
import type { BundleStart } from '../../src/bundle/bundle-input.js';
import { reviveConfig } from '../../src/bundle/revive-config.js';
import { loadPrecompiledTemplates, type NunjucksRuntime } from '../../src/templates/precompiled.js';
import { createWorker, type ModuleWorker } from './worker.js';

export const start: BundleStart<ModuleWorker> = ({ data, templates, actions, plugins }) => {
  const registry = new ActionRegistry([...actions, ...plugins]);
  const config = reviveConfig(data, loadPrecompiledTemplates(templates, nunjucksSlim as NunjucksRuntime), registry);
  return createWorker(config);
};
