import type { Template } from '../templates/index.js';
import type { BodyRule, HeaderRule, MappingRule } from './rules.js';
import { matchesAtStart } from './python-regex.js';
import { describeValue, isSensitiveName, MASKED, valueTexts } from './value-text.js';

type Render = (template: Template) => string;

/** Checks headers in order; returns the failure line, or null when all pass. */
export function validateHeaders(rules: readonly HeaderRule[], headers: Headers, render: Render): string | null {
  for (const { name, rule } of rules) {
    const value = headers.get(name) ?? '';
    const { text, regex } = rule.resolve(render);
    if (!matchesAtStart(regex, value)) {
      const masked = isSensitiveName(name);
      return `Failed to validate the "${name}" header: "${masked ? MASKED : describeValue(value)}" does not match "${masked ? MASKED : text}"`;
    }
  }
  return null;
}

/** Walks the payload against the rules; returns the failure line, or null when it passes. */
export function validateBody(rules: MappingRule, payload: Record<string, unknown>, render: Render): string | null {
  return checkMapping(rules, payload, '', render);
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
  const { text, regex } = rule.resolve(render);
  return valueTexts(value).some((candidate) => matchesAtStart(regex, candidate)) ? null : failureLine(path, value, text);
}

function failureLine(path: string, value: unknown, rule: string): string {
  const key = /([^.[\]]+)(?:\[\d+\])*$/.exec(path)?.[1] ?? path;
  if (isSensitiveName(key)) return `Failed to validate "${path}": "${MASKED}" does not match "${MASKED}"`;
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
