/** Python-flavoured classification of JavaScript values, shared by every run-time helper. */
import { TemplateRenderError } from '../errors.js';
import { toText } from '../to-text.js';

export type Dict = Record<string, unknown>;

/** A JSON-like mapping: an object literal / JSON.parse result (not a class instance). */
export function isPlainObject(v: unknown): v is Dict {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/** Strings, including String wrappers such as nunjucks' SafeString (Jinja's Markup is a str too). */
export function isStr(v: unknown): v is string | string {
  return typeof v === 'string' || v instanceof String;
}

/** Mappings in Jinja's sense: plain objects and Maps. */
export function isMapping(v: unknown): v is Dict | Map<unknown, unknown> {
  return isPlainObject(v) || v instanceof Map;
}

// Tuples are compiled to arrays; remembering which arrays were written as `(a, b)` lets `%` tell a
// tuple of arguments from a single list argument, as Python does.
const tuples = new WeakSet<unknown[]>();
export function makeTuple(items: unknown[]): unknown[] {
  tuples.add(items);
  return items;
}
export function isTuple(v: unknown): v is unknown[] {
  return Array.isArray(v) && tuples.has(v);
}

/** Python truthiness: empty strings, lists and mappings are false too. */
export function truthy(v: unknown): boolean {
  if (!v) return false;
  if (isStr(v)) return v.length > 0;
  if (Array.isArray(v)) return v.length > 0;
  if (isPlainObject(v)) return Object.keys(v).length > 0;
  if (v instanceof Map || v instanceof Set) return v.size > 0;
  return true;
}

/** Python `==`: structural for lists and mappings; 1 == True as in Python. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isStr(a) && isStr(b)) return String(a) === String(b);
  if (typeof a === 'bigint' || typeof b === 'bigint') return (typeof a === 'bigint' || typeof a === 'number') && (typeof b === 'bigint' || typeof b === 'number') && a == b;
  if (typeof a === 'boolean' && typeof b === 'number') return Number(a) === b;
  if (typeof a === 'number' && typeof b === 'boolean') return a === Number(b);
  if (Array.isArray(a) && Array.isArray(b)) {
    // A tuple never equals a list in Python, even with the same items.
    if (isTuple(a) !== isTuple(b)) return false;
    return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]));
  }
  if (isPlainObject(a) && isPlainObject(b)) {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) return false;
    return ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && pyEquals(a[k], b[k]));
  }
  return false;
}

/** Python type names, for error messages shaped like Jinja's. */
export function typeName(v: unknown): string {
  if (v === undefined) return 'Undefined';
  if (v === null) return 'NoneType';
  if (isStr(v)) return 'str';
  if (typeof v === 'boolean') return 'bool';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'int';
  if (Array.isArray(v)) return isTuple(v) ? 'tuple' : 'list';
  if (isMapping(v)) return 'dict';
  if (typeof v === 'function') return 'function';
  return (v as object).constructor?.name ?? 'object';
}

/** Python repr() for the values `%r` and `{!r}` are used with. */
export function pyRepr(v: unknown): string {
  if (isStr(v)) {
    const s = String(v);
    const quote = s.includes("'") && !s.includes('"') ? '"' : "'";
    let out = '';
    for (const ch of s) {
      if (ch === '\\') out += '\\\\';
      else if (ch === quote) out += '\\' + ch;
      else if (ch === '\n') out += '\\n';
      else if (ch === '\r') out += '\\r';
      else if (ch === '\t') out += '\\t';
      else if (ch < ' ' || ch === '\x7f') out += '\\x' + ch.charCodeAt(0).toString(16).padStart(2, '0');
      else out += ch;
    }
    return quote + out + quote;
  }
  if (Array.isArray(v)) {
    const inner = v.map(pyRepr).join(', ');
    return isTuple(v) ? `(${inner}${v.length === 1 ? ',' : ''})` : `[${inner}]`;
  }
  if (isPlainObject(v)) {
    return (
      '{' +
      Object.entries(v)
        .map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`)
        .join(', ') +
      '}'
    );
  }
  return toText(v);
}

/** Iterate like Python's iter(): dict → keys, str → characters, undefined → nothing. */
export function toList(v: unknown, what = 'object'): unknown[] {
  if (Array.isArray(v)) return v;
  if (v === undefined) return [];
  if (isStr(v)) return Array.from(String(v));
  if (isPlainObject(v)) return Object.keys(v);
  if (v instanceof Map) return Array.from(v.keys());
  if (v !== null && typeof v === 'object' && Symbol.iterator in v) {
    return Array.from(v as Iterable<unknown>);
  }
  throw new TemplateRenderError(`'${typeName(v)}' ${what} is not iterable`);
}

/** Python-style attribute/item read on a mapping (plain object or Map). */
export function mappingGet(m: Dict | Map<unknown, unknown>, key: unknown): unknown {
  if (m instanceof Map) return m.get(key);
  const k = String(key);
  return Object.prototype.hasOwnProperty.call(m, k) ? m[k] : undefined;
}

export function mappingEntries(m: unknown): [string, unknown][] {
  if (m instanceof Map) return Array.from(m.entries()) as [string, unknown][];
  if (isPlainObject(m)) return Object.entries(m);
  if (m === undefined) return [];
  throw new TemplateRenderError(`'${typeName(m)}' object has no attribute 'items'`);
}

/** A dict literal: `{k: v, ...}`; keys are expressions, JavaScript keys are their text. */
export function makeDict(pairs: [unknown, unknown][]): Dict {
  const out: Dict = {};
  for (const [k, v] of pairs) out[isStr(k) ? String(k) : toText(k)] = v;
  return out;
}

/** groupby's (grouper, list) tuples: still tuples, with `.grouper` and `.list` attributes. */
const groupAttrs = new WeakMap<unknown[], Dict>();
export function groupTuple(grouper: unknown, list: unknown[]): unknown[] {
  const t = makeTuple([grouper, list]);
  groupAttrs.set(t, { grouper, list });
  return t;
}
export function tupleAttr(t: unknown[], key: string): unknown {
  const attrs = groupAttrs.get(t);
  return attrs && Object.prototype.hasOwnProperty.call(attrs, key) ? attrs[key] : undefined;
}
