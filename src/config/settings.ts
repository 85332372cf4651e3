import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { keyNames, matchesKeyPattern, type ActionKey, type KeyPattern } from '../key-table.js';
import { compileTemplate, type Template } from '../templates/index.js';
import { PatternRule } from '../validation/rules.js';
import { compileTemplateAt } from './compile-template-at.js';
import { parseSeconds } from './seconds.js';
import { checkKnownKeys, isEmptyValue, keyText, pairNamed, plainValue, valueOrKey } from './yaml-map.js';
import type { YamlSource } from './yaml-source.js';

/** A YAML tree whose strings are compiled templates (`http` JSON bodies, docker arguments). */
export type TemplateTree = Template | number | boolean | null | TemplateTree[] | { [key: string]: TemplateTree };

interface TemplateOptions {
  required?: boolean;
  default?: string;
}

/**
 * One action's settings as written in server.yml, with the helpers an action uses
 * to check them at load. Every error names the file, line, column and key path.
 */
export class Settings {
  constructor(
    private readonly source: YamlSource,
    private readonly map: YAMLMap | null,
    /** Key path of these settings, e.g. `endpoints[0]./hook.actions[1].execute`. */
    readonly path: string,
    /** The node the settings hang from, for errors when there are none. */
    private readonly anchor: Node,
  ) {}

  /**
   * The same object for every action of one config load: a WeakMap key for checks that
   * span actions, such as metric names that must be unique in one server.
   */
  get loadKey(): object {
    return this.source;
  }

  keys(): string[] {
    return (this.map?.items ?? []).map(keyText);
  }

  has(key: string): boolean {
    return this.pair(key) !== undefined;
  }

  /** The setting as plain data (YAML → JS), or undefined when absent. */
  value(key: string): unknown {
    const pair = this.pair(key);
    return pair && plainValue(this.source, pair);
  }

  /** Throws a startup error at the setting's value (or at the action when absent). */
  fail(key: string | undefined, reason: string): never {
    const pair = key === undefined ? undefined : this.pair(key);
    const node = (pair && valueOrKey(pair)) ?? this.anchor;
    throw this.source.error(reason, node, key === undefined ? this.path : `${this.path}.${key}`);
  }

  /** Checks the keys against the ones the action accepts. */
  checkKeys(keys: readonly ActionKey[], accepts?: (key: string) => boolean, patterns?: readonly KeyPattern[]): void {
    checkKnownKeys(this.source, this.map, keyNames(keys), this.path, (key) => matchesKeyPattern(patterns, key) || accepts?.(key) === true);
  }

  require(key: string): void {
    if (isEmptyValue(this.pair(key)?.value as Node | null | undefined)) {
      throw this.source.error(`missing required key "${key}"`, (this.pair(key)?.key as Node) ?? this.anchor, this.path);
    }
  }

  /** Compiles a templated setting (strings; numbers and booleans as their text). */
  template(key: string, options: TemplateOptions & { required: true }): Template;
  template(key: string, options: TemplateOptions & { default: string }): Template;
  template(key: string, options?: TemplateOptions): Template | undefined;
  template(key: string, options: TemplateOptions = {}): Template | undefined {
    if (options.required) this.require(key);
    const node = this.pair(key)?.value as Node | null | undefined;
    if (isEmptyValue(node)) {
      return options.default === undefined ? undefined : compileTemplate(options.default, `${this.path}.${key}`);
    }
    if (!isScalar(node)) this.fail(key, 'must be a string');
    return this.compile(String(node.value), node, `${this.path}.${key}`);
  }

  /** Compiles text derived from a setting (e.g. a joined command); errors point at the setting. */
  templateFrom(key: string, text: string): Template {
    const node = (this.pair(key)?.value as Node | null | undefined) ?? this.anchor;
    return this.compile(text, node, `${this.path}.${key}`);
  }

  /** Compiles every string in a nested mapping/list; other scalars stay as they are. */
  templateTree(key: string): TemplateTree | undefined {
    const node = this.pair(key)?.value as Node | null | undefined;
    if (node === undefined) return undefined;
    return this.tree(node, `${this.path}.${key}`);
  }

  /** A nested mapping of templates, e.g. `headers` or `env`. */
  templateMap(key: string): Record<string, Template> | undefined {
    const node = this.pair(key)?.value as Node | null | undefined;
    if (isEmptyValue(node)) return undefined;
    if (!isMap(node)) this.fail(key, 'must be a mapping of names to values');
    const out: Record<string, Template> = {};
    for (const pair of node.items) {
      const name = keyText(pair);
      const value = pair.value as Node | null;
      const path = `${this.path}.${key}.${name}`;
      if (value !== null && !isScalar(value)) throw this.source.error('must be a string', value, path);
      out[name] = this.compile(value === null ? '' : String(value.value ?? ''), value ?? (pair.key as Node), path);
    }
    return out;
  }

  boolean(key: string, fallback: boolean): boolean {
    const value = this.value(key);
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'boolean') this.fail(key, `must be true or false, not ${JSON.stringify(value)}`);
    return value;
  }

  /** A number of seconds between 0 and MAX_SECONDS, or undefined. */
  seconds(key: string): number | undefined {
    const value = this.value(key);
    if (value === undefined || value === null) return undefined;
    const parsed = parseSeconds(value);
    if ('reason' in parsed) this.fail(key, parsed.reason);
    return parsed.seconds;
  }

  /**
   * A templated number of seconds (`sleep`'s `seconds: '{{ request.json.delay }}'`): a
   * literal value is checked now like seconds(); a rendered one must be checked with
   * parseSeconds() when it runs.
   */
  secondsTemplate(key: string, options: { required: true }): Template;
  secondsTemplate(key: string, options?: { required?: boolean }): Template | undefined;
  secondsTemplate(key: string, options: { required?: boolean } = {}): Template | undefined {
    const template = this.template(key, options);
    if (template !== undefined && !PatternRule.isTemplated(template.source)) {
      const parsed = parseSeconds(template.source);
      if ('reason' in parsed) this.fail(key, parsed.reason);
    }
    return template;
  }

  private tree(node: Node | null, path: string): TemplateTree {
    if (node === null) return null;
    if (isMap(node)) {
      const out: Record<string, TemplateTree> = {};
      for (const pair of node.items) out[keyText(pair)] = this.tree(pair.value as Node | null, `${path}.${keyText(pair)}`);
      return out;
    }
    if (isSeq(node)) return node.items.map((item, i) => this.tree(item as Node | null, `${path}[${i}]`));
    if (isScalar(node)) {
      const value = node.value;
      if (typeof value === 'string') return this.compile(value, node, path);
      if (typeof value === 'number' || typeof value === 'boolean' || value === null) return value;
      return this.compile(String(value), node, path);
    }
    throw this.source.error('unsupported value', node, path);
  }

  private compile(text: string, node: Node, path: string): Template {
    return compileTemplateAt(this.source, text, node, path);
  }

  private pair(key: string): Pair | undefined {
    return pairNamed(this.map, key);
  }
}
