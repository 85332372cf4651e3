import { type Document, isMap, isScalar, isSeq, type Node, type Pair, visit } from 'yaml';

/**
 * Replaces aliases (`*name`) by the nodes they point at and spreads merge keys
 * (`<<: *defaults`) into their mapping, so the loader walks one plain tree whose
 * nodes still carry their positions in the file. Keys written in a mapping win
 * over merged ones; among merged mappings the first listed wins, as in YAML 1.1.
 */
export function expandYamlReferences(document: Document): void {
  visit(document, {
    Alias(_key, alias) {
      return alias.resolve(document) ?? undefined;
    },
  });
  visit(document, {
    Map(_key, map) {
      if (!map.items.some(isMergePair)) return;
      const own = map.items.filter((pair) => !isMergePair(pair));
      const merged: Pair[] = [];
      const taken = new Set(own.map((pair) => keyText(pair)));
      for (const pair of map.items.filter(isMergePair)) {
        const value = pair.value as Node | null;
        const sources = isSeq(value) ? value.items : [value];
        for (const source of sources) {
          if (!isMap(source)) continue;
          for (const item of source.items) {
            const key = keyText(item);
            if (taken.has(key)) continue;
            taken.add(key);
            merged.push(item);
          }
        }
      }
      map.items = [...own, ...merged];
    },
  });
}

/** With `merge: true` the parser marks a `<<` key with a symbol value. */
function isMergePair(pair: Pair): boolean {
  return isScalar(pair.key) && (typeof pair.key.value === 'symbol' || pair.key.value === '<<');
}

function keyText(pair: Pair): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}
