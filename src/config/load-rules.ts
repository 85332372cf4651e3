import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { compilePythonRegex } from '../validation/python-regex.js';
import { type BodyRule, type HeaderRule, type MappingRule, PatternRule } from '../validation/rules.js';
import { compileTemplateAt } from './compile-template-at.js';
import { isEmptyValue, keyText } from './yaml-map.js';
import type { YamlSource } from './yaml-source.js';

interface WarnOptions {
  warn?(message: string): void;
}

export function loadHeaderRules(source: YamlSource, node: Node | null, path: string): HeaderRule[] {
  if (isEmptyValue(node)) return [];
  if (!isMap(node)) throw source.error('must be a mapping of header names to rules', node, path);
  return node.items.map((pair) => {
    const name = keyText(pair);
    const value = pair.value as Node | null;
    if (value !== null && !isScalar(value)) throw source.error('a header rule must be a string', value, `${path}.${name}`);
    return { name, rule: patternRule(source, value, pair.key as Node, `${path}.${name}`) };
  });
}

export function loadBodyRules(source: YamlSource, node: Node | null, path: string, options: WarnOptions): MappingRule | null {
  if (isEmptyValue(node)) return null;
  if (!isMap(node)) throw source.error('must be a mapping of payload keys to rules', node, path);
  const rules = mappingRule(source, node, path, options);
  return rules.entries.length > 0 ? rules : null;
}

function mappingRule(source: YamlSource, node: Node, path: string, options: WarnOptions): MappingRule {
  if (!isMap(node)) throw source.error('expected a mapping', node, path);
  return {
    kind: 'mapping',
    entries: node.items.map((pair) => {
      const key = keyText(pair);
      return [key, bodyRule(source, pair.value as Node | null, pair.key as Node, `${path}.${key}`, options)] as const;
    }),
  };
}

function bodyRule(source: YamlSource, node: Node | null, keyNode: Node, path: string, options: WarnOptions): BodyRule {
  if (node !== null && isMap(node)) return mappingRule(source, node, path, options);
  if (node !== null && isSeq(node)) {
    const at = source.positionOf(node);
    options.warn?.(`${at ? `${at.file}:${at.line}:${at.column} ` : ''}${path}: a list is not a rule; this rule never matches (write a regex string)`);
    return { kind: 'never', text: JSON.stringify(source.toJS(node)) };
  }
  return patternRule(source, node, keyNode, path);
}

/** A scalar rule; numbers, booleans and null are used as their text (`id: 123`). */
function patternRule(source: YamlSource, node: Node | null, keyNode: Node, path: string): PatternRule {
  const text = node === null ? '' : scalarText(node);
  const template = compileTemplateAt(source, text, node ?? keyNode, path);
  if (PatternRule.isTemplated(text)) return new PatternRule(template);
  try {
    return new PatternRule(template, compilePythonRegex(text));
  } catch (error) {
    throw source.error(`rule "${text}" cannot be used: ${(error as Error).message}`, node ?? keyNode, path);
  }
}

function scalarText(node: Node): string {
  if (!isScalar(node)) return '';
  if (typeof node.value === 'string') return node.value;
  // the text as written: `1.0` stays `1.0`, `false` stays `false`
  return node.source ?? String(node.value);
}
