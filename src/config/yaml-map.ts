import { isAlias, isScalar, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import type { ConfigError } from './config-error.js';
import { didYouMean } from './suggest.js';
import type { YamlSource } from './yaml-source.js';

/**
 * Reading a mapping of server.yml: its keys as text, the pair or value under a key, and the
 * error for a key nobody reads. One copy, so every part of the loader names keys alike.
 */

/**
 * A key as messages and key paths write it. Merge keys (`<<`) and aliases only exist before
 * expandYamlReferences() has run; the loader proper sees plain scalars.
 */
export function keyText(pair: Pair): string {
  const key = pair.key;
  if (isScalar(key)) return typeof key.value === 'symbol' ? '<<' : String(key.value);
  return isAlias(key) ? `*${key.source}` : String(key);
}

/** The pair under `name`, compared as text (so an action may read back a key `200:` as "200"). */
export function pairNamed(map: YAMLMap | null | undefined, name: string): Pair | undefined {
  return map?.items.find((pair) => keyText(pair) === name);
}

/** The value node under `name`; null when the key is absent or written without a value. */
export function valueNamed(map: YAMLMap | null | undefined, name: string): Node | null {
  return (pairNamed(map, name)?.value as Node | null | undefined) ?? null;
}

/** Absent, `key:` and `key: ~` all mean "not set". */
export function isEmptyValue(node: Node | null | undefined): node is Scalar<null> | null | undefined {
  return node === undefined || node === null || (isScalar(node) && node.value === null);
}

/** A pair's value as plain data (YAML 1.1 resolved); null for `key:`. */
export function plainValue(source: YamlSource, pair: Pair): unknown {
  return pair.value === null ? null : source.toJS(pair.value as Node);
}

/** Where an error about a pair's value points: the value, or the key when it has none (`key:`). */
export function valueOrKey(pair: Pair): Node | null {
  return (pair.value as Node | null) ?? (pair.key as Node | null);
}

/** `unknown key "comand": did you mean "command"? (known: …)`, at the key. */
export function unknownKeyError(source: YamlSource, pair: Pair, known: readonly string[], path: string): ConfigError {
  const name = keyText(pair);
  return source.error(`unknown key "${name}"${didYouMean(name, known)} (known: ${known.join(', ')})`, pair.key as Node, path);
}

/** Refuses the first key that is neither known nor accepted: a typo would otherwise switch its setting off unnoticed. */
export function checkKnownKeys(source: YamlSource, map: YAMLMap | null, known: readonly string[], path: string, accepts?: (key: string) => boolean): void {
  for (const pair of map?.items ?? []) {
    const name = keyText(pair);
    if (!known.includes(name) && !accepts?.(name)) throw unknownKeyError(source, pair, known, path);
  }
}
