/**
 * Declarative tables of the keys server.yml takes: the loader checks keys against them and the
 * JSON Schema (`webhook-proxy schema`, schema/server.schema.json) is generated from them, so the
 * two cannot drift apart. Not under src/config/: actions import it, and the Lambda and Worker
 * bundles carry no config loader.
 */

/** What a setting's value is, in YAML terms. */
export type KeyType =
  /** plain text */
  | 'string'
  /** a template: text, or a number or boolean used as its text */
  | 'template'
  | 'boolean'
  | 'integer'
  /** seconds: a number, or text like `30s`, `5m`, `24h` */
  | 'duration'
  /** bytes: a number, or text like `25MiB`, `512KB` */
  | 'size'
  /** a list of strings */
  | 'string-list'
  /** a mapping of names to templates (headers, env) */
  | 'template-map'
  /** a mapping, checked by the action itself (or by `keys`) */
  | 'mapping'
  /** a template, or a list of templates */
  | 'template-or-list'
  /** anything YAML can hold */
  | 'any';

/** One key of a settings mapping. */
export interface KeySpec {
  readonly name: string;
  readonly type: KeyType;
  /** One sentence for an editor's hover and the docs. */
  readonly description: string;
  /** The value when the key is absent, as it would be written in YAML. */
  readonly default?: string | number | boolean;
  /** The only values allowed. */
  readonly values?: readonly (string | boolean)[];
  /** `values` match in any case (`method: get`). */
  readonly anyCase?: boolean;
  readonly required?: boolean;
  /** An empty value (`key:`) is taken as absent. Action keys are, unless required. */
  readonly nullable?: boolean;
  /** For a `mapping`: its own keys (no others allowed). */
  readonly keys?: readonly KeySpec[];
}

/** Keys matched by a pattern rather than listed (docker's `$invocation` keys). */
export interface KeyPattern {
  /** An ECMAScript regular expression, as JSON Schema's patternProperties takes it. */
  readonly pattern: string;
  readonly description: string;
}

/** How an action lists its keys: names (user plugins, as before) or full specs. */
export type ActionKey = string | KeySpec;

export function keyName(key: ActionKey): string {
  return typeof key === 'string' ? key : key.name;
}

export function keyNames(keys: readonly ActionKey[]): string[] {
  return keys.map(keyName);
}

export function matchesKeyPattern(patterns: readonly KeyPattern[] | undefined, key: string): boolean {
  return (patterns ?? []).some(({ pattern }) => new RegExp(pattern).test(key));
}

/** Shorthand for a table row. */
export function key(name: string, type: KeyType, description: string, more: Omit<KeySpec, 'name' | 'type' | 'description'> = {}): KeySpec {
  return { name, type, description, ...more };
}

/** Keys many actions share, described once. */
export const commonKeys = {
  output: (defaultOutput: string) => key('output', 'template', 'What the action prints when it succeeds.', { default: defaultOutput }),
  secret: (what: string) => key('secret', 'template', `The shared secret ${what}; usually '{{ read_config("NAME") }}'. Unset or empty refuses every request.`, { required: true }),
  tolerance: key('tolerance', 'duration', 'How far the signed timestamp may be from now, either way, in seconds.', { default: 300 }),
};
