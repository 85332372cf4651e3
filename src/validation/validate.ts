import type { Template } from '../templates/index.js';
import { BACKTRACKING_INPUT_LIMIT, matchesAtStart } from './python-regex.js';
import type { BodyRule, HeaderRule, MappingRule, PatternRule } from './rules.js';
import { describeValue, isSensitiveName, MASKED, valueTexts } from './value-text.js';

/** How rules are rendered for a request, and who hears of a rule that read an unset key. */
export interface RuleRendering {
  render(template: Template): string;
  unsetConfig(keys: readonly string[], rule: string): void;
}

type Render = RuleRendering;

/**
 * Matches a value against a rule. A rule that cannot be used (an unset key, a rendering that
 * does not compile) never matches: the request is refused, never let through. `where` names the
 * rule for the warning about an unset key; it is made only then.
 */
function check(rule: PatternRule, candidates: readonly string[], where: () => string, render: Render): { ok: true } | { ok: false; why?: string } {
  const resolved = rule.resolve((template) => render.render(template));
  if ('regex' in resolved) {
    const { regex } = resolved;
    if (candidates.some((candidate) => matchesAtStart(regex, candidate))) return PASSED;
    if (!regex.linear && candidates.some((candidate) => candidate.length > BACKTRACKING_INPUT_LIMIT)) {
      return { ok: false, why: `the value is longer than ${BACKTRACKING_INPUT_LIMIT} characters, the most a rule that needs the backtracking regex engine is matched against` };
    }
    return { ok: false };
  }
  if ('unset' in resolved) {
    render.unsetConfig(resolved.unset, where());
    return { ok: false, why: `the rule depends on an unset configuration key (${resolved.unset.join(', ')})` };
  }
  return { ok: false, why: 'the rendered rule is not a valid regular expression' };
}

const PASSED = { ok: true } as const;

/** Checks headers in order; returns the failure line, or null when all pass. */
export function validateHeaders(rules: readonly HeaderRule[], headers: Headers, render: Render): string | null {
  for (const { name, rule } of rules) {
    const value = headers.get(name) ?? '';
    const result = check(rule, [value], () => `the "${name}" header rule`, render);
    if (!result.ok) {
      const masked = isSensitiveName(name);
      const line = `Failed to validate the "${name}" header: "${masked ? MASKED : describeValue(value)}" does not match "${masked ? MASKED : rule.template.source}"`;
      return result.why ? `${line}: ${result.why}` : line;
    }
  }
  return null;
}

/** Walks the payload against the rules; returns the failure line, or null when it passes. */
export function validateBody(rules: MappingRule, payload: Record<string, unknown>, render: Render): string | null {
  // most requests pass: the walk that names paths and builds the failure line runs only for one that does not
  if (mappingPasses(rules, payload, render)) return null;
  return checkMapping(rules, payload, '', render);
}

/** The same walk as checkMapping, answering only whether the payload passes. */
function mappingPasses(rules: MappingRule, payload: Record<string, unknown>, render: Render): boolean {
  for (const [key, rule] of rules.entries) {
    const present = Object.prototype.hasOwnProperty.call(payload, key);
    if (!valuePasses(present ? payload[key] : rule.kind === 'mapping' ? {} : '', rule, render)) return false;
  }
  return true;
}

function valuePasses(value: unknown, rule: BodyRule, render: Render): boolean {
  if (Array.isArray(value)) {
    for (const item of value) if (!valuePasses(item, rule, render)) return false;
    return true;
  }
  if (rule.kind === 'mapping') return isPlainObject(value) && mappingPasses(rule, value, render);
  if (rule.kind === 'never') return false;
  const resolved = rule.resolve((template) => render.render(template));
  return 'regex' in resolved && valueTexts(value).some((text) => matchesAtStart(resolved.regex, text));
}

function checkMapping(rules: MappingRule, payload: Record<string, unknown>, prefix: string, render: Render): string | null {
  for (const [key, rule] of rules.entries) {
    const present = Object.prototype.hasOwnProperty.call(payload, key);
    const value = present ? payload[key] : rule.kind === 'mapping' ? {} : '';
    const failure = checkValue(value, rule, prefix + key, render);
    if (failure) return failure;
  }
  return null;
}

function checkValue(value: unknown, rule: BodyRule, path: string, render: Render): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const failure = checkValue(value[i], rule, `${path}[${i}]`, render);
      if (failure) return failure;
    }
    return null;
  }
  if (rule.kind === 'mapping') {
    if (isPlainObject(value)) return checkMapping(rule, value, `${path}.`, render);
    return failureLine(path, value, describeRule(rule));
  }
  if (rule.kind === 'never') return failureLine(path, value, rule.text);
  const result = check(rule, valueTexts(value), () => `the "${path}" body rule`, render);
  if (result.ok) return null;
  const line = failureLine(path, value, rule.template.source);
  return result.why ? `${line}: ${result.why}` : line;
}

function failureLine(path: string, value: unknown, rule: string): string {
  // any key on the way counts: credentials.user is as secret as credentials
  if (path.split(/[.[\]]/).some((key) => key && isSensitiveName(key))) return `Failed to validate "${path}": "${MASKED}" does not match "${MASKED}"`;
  return `Failed to validate "${path}": "${describeValue(value)}" does not match "${rule}"`;
}

function describeRule(rule: BodyRule): string {
  if (rule.kind === 'pattern') return rule.template.source;
  if (rule.kind === 'never') return rule.text;
  return `{${rule.entries.map(([key, child]) => `${JSON.stringify(key)}: ${child.kind === 'pattern' ? JSON.stringify(child.template.source) : describeRule(child)}`).join(', ')}}`;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
