import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { keyText } from './yaml-map.js';
import type { YamlSource } from './yaml-source.js';

/**
 * YAML 1.1 (and PyYAML, which read the original's configs) reads the keys `yes`, `no`,
 * `on`, `off`, `true` and `false` as booleans. Used as a name (a payload key in a body
 * rule, a header, an `env` variable) the boolean is never what was meant: the original
 * looked up `True`, not `"on"`. A startup error asks for quotes instead of guessing.
 */
export function rejectBooleanKeys(source: YamlSource, node: Node | null, path: string, seen = new Set<Node>()): void {
  if (node === null || seen.has(node)) return;
  seen.add(node);
  if (isSeq(node)) {
    node.items.forEach((item, i) => rejectBooleanKeys(source, item as Node | null, `${path}[${i}]`, seen));
    return;
  }
  if (!isMap(node)) return;
  for (const pair of node.items) {
    const key = pair.key as Node | null;
    if (isScalar(key) && typeof key.value === 'boolean') {
      const text = key.source ?? String(key.value);
      throw source.error(`the key ${text} is read as the boolean ${String(key.value)} (YAML 1.1, as PyYAML reads it): quote it ('${text}') to use it as a name`, key, path);
    }
    const name = keyText(pair);
    rejectBooleanKeys(source, pair.value as Node | null, path ? `${path}.${name}` : name, seen);
  }
}
