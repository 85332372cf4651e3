import { type Document, isAlias, isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import { keyText } from './yaml-map.js';
import type { YamlSource } from './yaml-source.js';

/**
 * How far aliases may grow a config. PyYAML (and YAML) let `*name` repeat a subtree, so
 * nine lines of nested aliases (a "billion laughs") stand for 10^9 nodes: every walk of
 * the expanded tree would take hours. Real configs repeat a few defaults per endpoint.
 */
export const MAX_ALIAS_NODES = 100_000;
/** Scalars count too: one 10 KB script aliased 10,000 times is as bad as 10^5 nodes. */
export const MAX_ALIAS_TEXT = 10 * 1024 * 1024;

interface Size {
  nodes: number;
  text: number;
}

/**
 * Replaces aliases (`*name`) by the nodes they point at and spreads merge keys
 * (`<<: *defaults`) into their mapping, so the loader walks one plain tree whose
 * nodes still carry their positions in the file. Keys written in a mapping win
 * over merged ones; among merged mappings the first listed wins, as in YAML 1.1.
 *
 * An alias naming no anchor before it, an alias inside the node it names, a merge of
 * something that is not a mapping, and aliases that expand the file past
 * MAX_ALIAS_NODES / MAX_ALIAS_TEXT are startup errors, as PyYAML refuses the first three.
 */
export function expandYamlReferences(document: Document, source: YamlSource): void {
  if (!document.contents) return;
  const expansion = new Expansion(source);
  expansion.size(document.contents, '');
  expansion.merge(document.contents, '');
}

class Expansion {
  private readonly sizes = new Map<Node, Size>();
  /** Collections being measured: an alias to one of them would make the tree infinite. */
  private readonly open = new Set<Node>();
  private readonly merged = new Set<Node>();
  /**
   * Anchors seen so far: the walk goes in document order, so an alias finds the last anchor
   * of its name written before it, as YAML says. (Alias.resolve() searches the whole
   * document for each alias, which made a file of many aliases take seconds.)
   */
  private readonly anchors = new Map<string, Node>();
  private aliasNodes = 0;
  private aliasText = 0;

  constructor(private readonly source: YamlSource) {}

  /** Replaces the aliases below `node` in place and returns the expanded size of `node`. */
  size(node: Node, path: string): Size {
    const known = this.sizes.get(node);
    if (known) return known;
    const total: Size = { nodes: 1, text: isScalar(node) ? String(node.source ?? node.value ?? '').length : 0 };
    if ('anchor' in node && typeof node.anchor === 'string') this.anchors.set(node.anchor, node);
    this.open.add(node);
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const at = join(path, keyText(pair));
        if (key !== null) {
          pair.key = this.child(key, at);
          add(total, this.size(pair.key as Node, at));
        }
        const value = pair.value as Node | null;
        if (value !== null) {
          pair.value = this.child(value, at);
          add(total, this.size(pair.value as Node, at));
        }
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => {
        if (item === null) return;
        const at = `${path}[${i}]`;
        node.items[i] = this.child(item as Node, at);
        add(total, this.size(node.items[i] as Node, at));
      });
    }
    this.open.delete(node);
    this.sizes.set(node, total);
    return total;
  }

  /** Spreads merge keys, innermost first so that merged defaults carry their own merges. */
  merge(node: Node, path: string): void {
    if (this.merged.has(node)) return;
    this.merged.add(node);
    if (isSeq(node)) node.items.forEach((item, i) => item !== null && this.merge(item as Node, `${path}[${i}]`));
    if (!isMap(node)) return;
    for (const pair of node.items) {
      if (pair.value !== null) this.merge(pair.value as Node, join(path, keyText(pair)));
    }
    if (node.items.some(isMergePair)) node.items = this.mergedItems(node, path);
  }

  private mergedItems(map: YAMLMap, path: string): Pair[] {
    const own = map.items.filter((pair) => !isMergePair(pair));
    const merged: Pair[] = [];
    const taken = new Set(own.map((pair) => keyText(pair)));
    for (const pair of map.items.filter(isMergePair)) {
      const value = pair.value as Node | null;
      const sources = isSeq(value) ? (value.items as (Node | null)[]) : [value];
      for (const source of sources) {
        if (!isMap(source)) {
          // at the `<<` key: the value may be an anchored node written elsewhere
          throw this.source.error('a merge key (<<) takes a mapping or a list of mappings, like "<<: *defaults"', pair.key as Node, path);
        }
        for (const item of source.items) {
          const key = keyText(item);
          if (taken.has(key)) continue;
          taken.add(key);
          merged.push(item);
        }
      }
    }
    return [...own, ...merged];
  }

  /** The node an item stands for: itself, or what its alias names, counted against the limits. */
  private child(node: Node, path: string): Node {
    if (!isAlias(node)) return node;
    const target = this.anchors.get(node.source);
    if (!target) throw this.source.error(`undefined alias "*${node.source}": no anchor "&${node.source}" before it`, node, path);
    if (this.open.has(target)) throw this.source.error(`the alias "*${node.source}" is inside the node it names: it would never end`, node, path);
    const size = this.size(target, path);
    this.aliasNodes += size.nodes;
    this.aliasText += size.text;
    if (this.aliasNodes > MAX_ALIAS_NODES || this.aliasText > MAX_ALIAS_TEXT) {
      throw this.source.error(
        `aliases expand this file past ${MAX_ALIAS_NODES} nodes or ${MAX_ALIAS_TEXT / 1024 / 1024} MiB of text (an alias bomb?); ` + `the alias "*${node.source}" is where the limit was reached`,
        node,
        path,
      );
    }
    return target;
  }
}

function add(total: Size, size: Size): void {
  total.nodes += size.nodes;
  total.text += size.text;
}

function join(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** With `merge: true` the parser marks a `<<` key with a symbol value. */
function isMergePair(pair: Pair): boolean {
  return isScalar(pair.key) && (typeof pair.key.value === 'symbol' || pair.key.value === '<<');
}
