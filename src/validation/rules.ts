import { watchUnsetConfig } from '../context/unset-config.js';
import type { Template } from '../templates/index.js';
import { compilePythonRegex, type RuleRegex } from './python-regex.js';

/**
 * A string rule: a regex template. Rules without template syntax are compiled once
 * at load; templated ones (`{{ read_config(...) }}`) are rendered per request and
 * their regex is cached by the rendered text.
 */
export class PatternRule {
  readonly kind = 'pattern';
  private readonly cache = new Map<string, RuleRegex>();

  constructor(
    readonly template: Template,
    private readonly fixed?: RuleRegex,
  ) {}

  /** Whether the rule was compiled at load (no template syntax). */
  get isFixed(): boolean {
    return this.fixed !== undefined;
  }

  /** Whether the rule was compiled at load for the backtracking engine (its values are bounded). */
  get backtracks(): boolean {
    return this.fixed !== undefined && !this.fixed.linear;
  }

  static isTemplated(source: string): boolean {
    return /\{\{|\{%|\{#/.test(source);
  }

  /**
   * The rule's compiled regex, or why it cannot be used: a templated rule that read an unset
   * `read_config` key (it would be the public text `None`), or whose rendering does not compile.
   * Only the rule's source is ever shown: its rendering may hold a secret.
   */
  resolve(render: (template: Template) => string): ResolvedRule {
    if (this.fixed) return { regex: this.fixed };
    const { value: text, unset } = watchUnsetConfig(() => render(this.template));
    if (unset.length) return { unset };
    let regex = this.cache.get(text);
    if (!regex) {
      try {
        regex = compilePythonRegex(text);
      } catch {
        return { invalid: true };
      }
      if (this.cache.size >= 64) this.cache.clear();
      this.cache.set(text, regex);
    }
    return { regex };
  }
}

export type ResolvedRule = { readonly regex: RuleRegex } | { readonly unset: readonly string[] } | { readonly invalid: true };

/** A nested mapping of rules mirroring the JSON payload. */
export interface MappingRule {
  readonly kind: 'mapping';
  readonly entries: ReadonlyArray<readonly [key: string, rule: BodyRule]>;
}

/** A rule written as a YAML list: the original never matched those; neither do we. */
export interface NeverRule {
  readonly kind: 'never';
  readonly text: string;
}

export type BodyRule = PatternRule | MappingRule | NeverRule;

export interface HeaderRule {
  readonly name: string;
  readonly rule: PatternRule;
}
