import type { Template } from '../templates/index.js';
import { compilePythonRegex } from './python-regex.js';

/**
 * A string rule: a regex template. Rules without template syntax are compiled once
 * at load; templated ones (`{{ read_config(...) }}`) are rendered per request and
 * their regex is cached by the rendered text.
 */
export class PatternRule {
  readonly kind = 'pattern';
  private readonly cache = new Map<string, RegExp>();

  constructor(
    readonly template: Template,
    private readonly fixed?: RegExp,
  ) {}

  static isTemplated(source: string): boolean {
    return /\{\{|\{%|\{#/.test(source);
  }

  /** The rendered rule text and its compiled regex. */
  resolve(render: (template: Template) => string): { text: string; regex: RegExp } {
    if (this.fixed) return { text: this.template.source, regex: this.fixed };
    const text = render(this.template);
    let regex = this.cache.get(text);
    if (!regex) {
      regex = compilePythonRegex(text);
      if (this.cache.size >= 64) this.cache.clear();
      this.cache.set(text, regex);
    }
    return { text, regex };
  }
}

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
