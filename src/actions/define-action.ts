import type { Settings, TemplateTree } from '../config/settings.js';
import type { ActionKey, KeyPattern } from '../key-table.js';
import type { WebhookRequest } from '../request/webhook-request.js';
import type { Runtime } from '../runtime.js';
import type { Template } from '../templates/index.js';

/** Names of the platforms webhook-proxy runs on. */
export type RuntimeName = 'node' | 'lambda' | 'cloudflare';

/**
 * An action: how its settings are checked once at load, and what it does for
 * each accepted request. Built-in actions are written with this same API.
 *
 * ```ts
 * export default defineAction({
 *   name: 'greet',
 *   keys: ['message'],
 *   prepare: (settings) => ({ message: settings.template('message', { default: 'Hello {{ request.path }}' }) }),
 *   run: ({ message }, call) => call.print(call.render(message)),
 * });
 * ```
 */
export interface ActionDefinition<Prepared = unknown> {
  /** The key used in server.yml (`- greet:`). */
  readonly name: string;
  /**
   * The setting keys it accepts; any other key is a startup error. Names, or specs
   * (`{ name, type, description, default, values }`) that also describe the key in the
   * JSON Schema of server.yml (`webhook-proxy schema`); a bare name is a key of any value.
   */
  readonly keys: readonly ActionKey[];
  /** Keys accepted by pattern (docker's `$invocation` keys); in the schema as patternProperties. */
  readonly keyPatterns?: readonly KeyPattern[];
  /** Accepts keys not listed in `keys`; the schema cannot describe these, so it allows any other key. */
  acceptsKey?(key: string): boolean;
  /**
   * Checks the settings and prepares them (compiles templates, applies defaults).
   * Runs once at load; return plain data and templates only, so that a build can
   * serialise it.
   */
  prepare(settings: Settings): Prepared;
  /** Runs for every accepted request. Throwing (or `call.error()`) fails the action. */
  run(prepared: Prepared, call: ActionCall): void | Promise<void>;
  /**
   * The action checks who sent the request (a signature, a token). On async endpoints the
   * leading such actions run before the answer, so a forged request is refused, not accepted.
   */
  readonly checksSender?: boolean;
  /** Where the action can run; all platforms when absent. */
  readonly runtimes?: readonly RuntimeName[];
}

/** What an action gets when it runs for one request. */
export interface ActionCall {
  /** Renders a template with the request's context plus `extra` names. */
  render(template: Template, extra?: Record<string, unknown>): string;
  /**
   * Renders a secret (a key, a token). Fails the action with a configuration error (500) when
   * the secret read an unset `read_config` key or rendered empty or `None`: such a text is
   * public and is never used as a key. The unset key is named on stderr, once a minute.
   */
  renderSecret(template: Template, extra?: Record<string, unknown>): string;
  /** Renders every template in a tree; other values pass through. */
  renderTree(tree: TemplateTree, extra?: Record<string, unknown>): unknown;
  /** Prints one line on standard output. */
  print(text: string): void;
  /** Fails the action with a message. */
  error(message?: string): never;
  /** The request being handled (raw body bytes included). */
  readonly request: WebhookRequest;
  /** The per-request `context` object shared by the endpoint's actions. */
  readonly context: Record<string, unknown>;
  /** The platform (spawning, outbound HTTP, files, environment). */
  readonly runtime: Runtime;
  /** The endpoint and the action's place in it, for messages. */
  readonly where: { route: string; method: string; index: number; action: string };
}

/** Declares an action with full typing of its prepared settings. */
export function defineAction<Prepared>(definition: ActionDefinition<Prepared>): ActionDefinition<Prepared> {
  return definition;
}
