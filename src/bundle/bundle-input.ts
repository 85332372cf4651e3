/**
 * The contract between `webhook-proxy build` and a target's bundle entry
 * (`adapters/<target>/bundle-entry.ts`). The generated entry of a bundle does
 *
 * ```js
 * import { start } from 'adapters/<target>/bundle-entry.ts';
 * import data from 'webhook-proxy:config';          // SerializedConfig, plain JSON
 * import templates from 'webhook-proxy:templates';  // precompileTemplates() output
 * import a0 from 'src/actions/github-verify.ts';    // the built-in actions the config uses, no others
 * const actions = [a0];
 * const plugins = [];                               // user actions (server.imports, issue 7)
 * export const handler = start({ data, templates, actions, plugins });  // lambda
 * export default start({ data, templates, actions, plugins });          // cloudflare
 * ```
 *
 * `start` runs once per cold start: it loads the templates with the slim nunjucks runtime
 * (`loadPrecompiledTemplates`), revives the config (`reviveConfig`) and returns what the
 * platform calls. No YAML is parsed and no template is compiled there.
 */
import type { ActionDefinition } from '../actions/define-action.js';
import type { PrecompiledTemplate } from '../templates/precompiled.js';
import type { SerializedConfig } from './serialized-config.js';

export interface BundleInput {
  /** The server.yml, checked and turned into data at build time (serializeConfig's `data`). */
  readonly data: SerializedConfig;
  /** Every template of the config, precompiled at build time, by template id. */
  readonly templates: Record<string, PrecompiledTemplate>;
  /**
   * The built-in actions the config uses (src/actions/<name>.ts each): a bundle carries no code for
   * actions its config does not name.
   */
  readonly actions: readonly ActionDefinition<unknown>[];
  /** User actions bundled from `server.imports`; registered after the built-in ones. */
  readonly plugins: readonly ActionDefinition<unknown>[];
}

/** What each target's bundle-entry exports as `start`. Lambda returns its handler, Cloudflare its module worker. */
export type BundleStart<Exported> = (input: BundleInput) => Exported;
