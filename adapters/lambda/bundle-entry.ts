/**
 * The Lambda bundle's entry (`webhook-proxy build --target lambda`): revives the config built into
 * the bundle and returns the handler. Templates come precompiled and render on nunjucks' slim
 * runtime: a cold start parses no YAML and compiles no template.
 */
// @ts-expect-error nunjucks ships no types for its browser builds
import nunjucksSlim from 'nunjucks/browser/nunjucks-slim.js';
import { ActionRegistry } from '../../src/actions/action-registry.js';
import type { BundleStart } from '../../src/bundle/bundle-input.js';
import { reviveConfig } from '../../src/bundle/revive-config.js';
import { loadPrecompiledTemplates, type NunjucksRuntime } from '../../src/templates/precompiled.js';
import { createLambdaHandler, type LambdaHandler } from './handler.js';

export const start: BundleStart<LambdaHandler> = ({ data, templates, actions, plugins }) => {
  const registry = new ActionRegistry([...actions, ...plugins]);
  const config = reviveConfig(data, loadPrecompiledTemplates(templates, nunjucksSlim as NunjucksRuntime), registry);
  return createLambdaHandler(config);
};
