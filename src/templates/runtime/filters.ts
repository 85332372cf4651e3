/** Jinja's built-in filters, with Jinja's argument names (keyword arguments work) and results. */
import { TemplateRenderError } from '../errors.js';
import { toText } from '../to-text.js';
import { bindArgs, splitArgs } from './args.js';
import { getAttr } from './lookup.js';
import { add, compare } from './ops.js';
import { percentFormat } from './percent-format.js';
import { DICT_METHODS } from './py-collections.js';
import { pyFloat, pyInt, pyRound } from './py-number.js';
import { pyCenter, pyCapitalize, pyReplace, pySplitlines, pyStrip } from './py-str.js';
import { escapeHtml, filesizeformat, pprint, striptags, urlize, wordwrap, xmlattr } from './text-filters.js';
import { toJson } from './tojson.js';
import { groupTuple, isMapping, isPlainObject, isStr, makeTuple, mappingEntries, toList, truthy, typeName } from './values.js';

export type Filter = (value: unknown, ...args: unknown[]) => unknown;

/** Jinja's Undefined refuses numeric conversion and JSON: `missing|int` is an error, not 0. */
function defined(v: unknown, what: string): unknown {
  if (v === undefined) throw new TemplateRenderError(`undefined value used with ${what}`);
  return v;
}
export type Test = (value: unknown, ...args: unknown[]) => boolean;
export interface Lookups {
  filter(name: string): Filter;
  test(name: string): Test;
}

/** Jinja's make_attrgetter: `a.b.0` walks attributes and integer indices. */
function attrGetter(attribute: unknown, def?: unknown): (item: unknown) => unknown {
  const parts = String(attribute)
    .split('.')
    .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  return (item) => {
    let v = item;
    for (const p of parts) {
      v = v === undefined ? undefined : getAttr(v, p, false, String(attribute));
      if (v === undefined) break;
    }
    return v === undefined && def !== undefined ? def : v;
  };
}

/** Sort key comparison shared by sort/dictsort/unique/min/max (case-insensitive by default). */
function sortKey(caseSensitive: boolean, get: (x: unknown) => unknown = (x) => x) {
  return (x: unknown): unknown => {
    const v = get(x);
    return !caseSensitive && isStr(v) ? String(v).toLowerCase() : v;
  };
}

function pyCompare(a: unknown, b: unknown): number {
  if (Array.isArray(a) && Array.isArray(b)) {
    for (let i = 0; i < Math.min(a.length, b.length); i++) {
      const c = pyCompare(a[i], b[i]);
      if (c) return c;
    }
    return a.length - b.length;
  }
  return compare(a, '<', b) ? -1 : compare(b, '<', a) ? 1 : 0;
}

function length(v: unknown): number {
  if (v === undefined) return 0;
  if (isStr(v)) return Array.from(String(v)).length;
  if (Array.isArray(v)) return v.length;
  if (isMapping(v)) return isPlainObject(v) ? Object.keys(v).length : v.size;
  if (v instanceof Set) return v.size;
  throw new TemplateRenderError(`object of type '${typeName(v)}' has no len()`);
}

function selectOrReject(lookups: Lookups, seq: unknown, args: unknown[], keep: boolean, attr: boolean): unknown[] {
  const { pos } = splitArgs(args);
  const get = attr ? attrGetter(pos.shift()) : (x: unknown) => x;
  const testName = pos.shift();
  const test = testName === undefined ? (x: unknown) => truthy(x) : (x: unknown) => lookups.test(String(testName))(x, ...pos);
  return toList(seq).filter((item) => test(get(item)) === keep);
}

function title(s: string): string {
  return s
    .split(/([-\s({[<]+)/)
    .filter(Boolean)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase())
    .join('');
}

function indent(s: string, width: unknown, first: unknown, blank: unknown): string {
  const ind = isStr(width) ? String(width) : ' '.repeat(Number(width));
  const lines = pySplitlines(s + '\n');
  let rv: string;
  if (truthy(blank)) rv = lines.join('\n' + ind);
  else {
    rv = lines.shift() ?? '';
    if (lines.length) rv += '\n' + lines.map((l) => (l ? ind + l : l)).join('\n');
  }
  return truthy(first) ? ind + rv : rv;
}

function urlQuote(v: unknown, forQs: boolean): string {
  const s = encodeURIComponent(toText(v)).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  return forQs ? s.replace(/%20/g, '+') : s.replace(/%2F/g, '/');
}

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Jinja's make_multi_attrgetter (sort): `attribute='city,age'` sorts by both. */
function multiAttrGetter(attribute: unknown): (item: unknown) => unknown {
  const getters = String(attribute)
    .split(',')
    .map((a) => attrGetter(a.trim()));
  return getters.length === 1 ? getters[0] : (item) => getters.map((g) => g(item));
}

export function createFilters(lookups: Lookups): Record<string, Filter> {
  const filters: Record<string, Filter> = {
    abs: (v) => {
      if (typeof v === 'bigint') return v < 0n ? -v : v;
      if (typeof v !== 'number' && typeof v !== 'boolean') throw new TemplateRenderError(`bad operand type for abs(): '${typeName(v)}'`);
      return Math.abs(Number(v));
    },
    // getattr only: a mapping's keys are items, not attributes (its methods are).
    attr: (v, name) => (v === undefined || (isMapping(v) && !own(DICT_METHODS, String(name))) ? undefined : getAttr(v, name, true, String(name))),
    batch: (v, ...a) => {
      const [count, fill] = bindArgs('batch', a, [
        ['linecount', undefined],
        ['fill_with', null],
      ]);
      const n = Number(count);
      const items = toList(v);
      const out: unknown[][] = [];
      for (let i = 0; i < items.length; i += n) out.push(items.slice(i, i + n));
      const lastRow = out[out.length - 1];
      if (fill !== null && lastRow && lastRow.length < n) while (lastRow.length < n) lastRow.push(fill);
      return out;
    },
    capitalize: (v) => pyCapitalize(toText(v)),
    center: (v, ...a) => pyCenter(toText(v), Number(bindArgs('center', a, [['width', 80]])[0])),
    count: (v) => length(v),
    default: (v, ...a) => {
      const [def, boolean] = bindArgs('default', a, [
        ['default_value', ''],
        ['boolean', false],
      ]);
      return v === undefined || (truthy(boolean) && !truthy(v)) ? def : v;
    },
    dictsort: (v, ...a) => {
      const [cs, by, reverse] = bindArgs('dictsort', a, [
        ['case_sensitive', false],
        ['by', 'key'],
        ['reverse', false],
      ]);
      defined(v, 'dictsort');
      const pos = by === 'value' ? 1 : 0;
      const key = sortKey(truthy(cs), (pair) => (pair as unknown[])[pos]);
      const out = [...mappingEntries(v)].sort((x, y) => pyCompare(key(x), key(y)));
      return truthy(reverse) ? out.reverse() : out;
    },
    escape: (v) => escapeHtml(toText(v)),
    forceescape: (v) => escapeHtml(toText(v)),
    filesizeformat,
    striptags,
    wordwrap,
    xmlattr,
    urlize,
    pprint,
    groupby: (v, ...a) => {
      const [attribute, def, cs] = bindArgs('groupby', a, [
        ['attribute', undefined],
        ['default', null],
        ['case_sensitive', false],
      ]);
      const get = attrGetter(attribute, def === null ? undefined : def);
      const key = sortKey(truthy(cs), get);
      const sorted = [...toList(v)].sort((x, y) => pyCompare(key(x), key(y)));
      const out: unknown[] = [];
      let group: unknown[] = [];
      sorted.forEach((item, i) => {
        if (i && !compare(key(sorted[i - 1]), '==', key(item))) {
          out.push(groupTuple(get(group[0]), group));
          group = [];
        }
        group.push(item);
      });
      if (group.length) out.push(groupTuple(get(group[0]), group));
      return out;
    },
    slice: (v, ...a) => {
      const [slicesArg, fill] = bindArgs('slice', a, [
        ['slices', undefined],
        ['fill_with', null],
      ]);
      const seq = toList(v);
      const slices = Number(slicesArg);
      const per = Math.floor(seq.length / slices);
      const extra = seq.length % slices;
      const out: unknown[][] = [];
      let offset = 0;
      for (let n = 0; n < slices; n++) {
        const start = offset + n * per;
        if (n < extra) offset += 1;
        const part = seq.slice(start, offset + (n + 1) * per);
        if (fill !== null && n >= extra) part.push(fill);
        out.push(part);
      }
      return out;
    },
    first: (v) => toList(v)[0],
    float: (v, ...a) => {
      const [def] = bindArgs('float', a, [['default', 0]]);
      return pyFloat(defined(v, 'float')) ?? def;
    },
    format: (v, ...a) => {
      const { pos, kw } = splitArgs(a);
      if (pos.length && Object.keys(kw).length) {
        throw new TemplateRenderError("can't handle positional and keyword arguments at the same time");
      }
      return percentFormat(toText(v), Object.keys(kw).length ? kw : makeTuple(pos));
    },
    indent: (v, ...a) => {
      const [w, first, blank] = bindArgs('indent', a, [
        ['width', 4],
        ['first', false],
        ['blank', false],
      ]);
      return indent(toText(v), w, first, blank);
    },
    int: (v, ...a) => {
      const [def, base] = bindArgs('int', a, [
        ['default', 0],
        ['base', 10],
      ]);
      defined(v, 'int');
      if (typeof v === 'bigint') return v;
      const asInt = isStr(v) ? pyInt(v, Number(base)) : pyInt(v);
      if (asInt !== undefined) return asInt;
      const f = pyFloat(v);
      return f !== undefined && Number.isFinite(f) ? Math.trunc(f) : def;
    },
    items: (v) => mappingEntries(v),
    join: (v, ...a) => {
      const [d, attribute] = bindArgs('join', a, [
        ['d', ''],
        ['attribute', null],
      ]);
      const get = attribute === null ? (x: unknown) => x : attrGetter(attribute);
      return toList(v)
        .map((x) => toText(get(x)))
        .join(toText(d));
    },
    last: (v) => {
      const items = toList(v);
      return items[items.length - 1];
    },
    length: (v) => length(v),
    list: (v) => [...toList(v)],
    lower: (v) => toText(v).toLowerCase(),
    map: (v, ...a) => {
      const { pos, kw } = splitArgs(a);
      if (kw.attribute !== undefined) return toList(v).map(attrGetter(kw.attribute, kw.default));
      const name = pos.shift();
      if (name === undefined) throw new TemplateRenderError('map requires a filter argument');
      const f = lookups.filter(String(name));
      const rest = Object.keys(kw).length ? [...pos, { ...kw, __keywords: true }] : pos;
      return toList(v).map((x) => f(x, ...rest));
    },
    max: (v, ...a) => minMax(v, a, 'max', 1),
    min: (v, ...a) => minMax(v, a, 'min', -1),
    reject: (v, ...a) => selectOrReject(lookups, v, a, false, false),
    rejectattr: (v, ...a) => selectOrReject(lookups, v, a, false, true),
    replace: (v, ...a) => {
      const [old, rep, count] = bindArgs('replace', a, [
        ['old', ''],
        ['new', ''],
        ['count', null],
      ]);
      return pyReplace(toText(v), toText(old), toText(rep), count === null ? -1 : Number(count));
    },
    reverse: (v) => (isStr(v) ? Array.from(String(v)).reverse().join('') : [...toList(v)].reverse()),
    round: (v, ...a) => {
      const [precision, method] = bindArgs('round', a, [
        ['precision', 0],
        ['method', 'common'],
      ]);
      const p = Number(precision);
      if (typeof v === 'bigint') return v;
      if (typeof v !== 'number' && typeof v !== 'boolean') throw new TemplateRenderError(`type ${typeName(v)} doesn't define __round__ method`);
      const x = Number(v);
      if (method === 'common') return pyRound(x, p);
      const f = 10 ** p;
      if (method === 'floor') return Math.floor(x * f) / f;
      if (method === 'ceil') return Math.ceil(x * f) / f;
      throw new TemplateRenderError('method must be common, ceil or floor');
    },
    safe: (v) => v,
    select: (v, ...a) => selectOrReject(lookups, v, a, true, false),
    selectattr: (v, ...a) => selectOrReject(lookups, v, a, true, true),
    sort: (v, ...a) => {
      const [reverse, cs, attribute] = bindArgs('sort', a, [
        ['reverse', false],
        ['case_sensitive', false],
        ['attribute', null],
      ]);
      const base = sortKey(truthy(cs));
      const get = attribute === null ? (x: unknown) => x : multiAttrGetter(attribute);
      const key = (x: unknown): unknown => {
        const k = get(x);
        return Array.isArray(k) && attribute !== null && String(attribute).includes(',') ? k.map(base) : base(k);
      };
      const out = [...toList(v)].sort((x, y) => pyCompare(key(x), key(y)));
      return truthy(reverse) ? out.reverse() : out;
    },
    string: (v) => toText(v),
    sum: (v, ...a) => {
      const [attribute, start] = bindArgs('sum', a, [
        ['attribute', null],
        ['start', 0],
      ]);
      const get = attribute === null ? (x: unknown) => x : attrGetter(attribute);
      return toList(v).reduce((acc, x) => add(acc, get(x)), start);
    },
    title: (v) => title(toText(v)),
    tojson: (v, ...a) => toJson(defined(v, 'tojson'), bindArgs('tojson', a, [['indent', null]])[0]),
    trim: (v, ...a) => {
      const [chars] = bindArgs('trim', a, [['chars', null]]);
      return chars === null ? pyStrip(toText(v)) : pyStrip(toText(v), toText(chars));
    },
    truncate: (v, ...a) => {
      const [len, killwords, end, leeway] = bindArgs('truncate', a, [
        ['length', 255],
        ['killwords', false],
        ['end', '...'],
        ['leeway', 5],
      ]);
      const s = toText(v);
      const n = Number(len);
      const e = toText(end);
      if (s.length <= n + Number(leeway)) return s;
      if (truthy(killwords)) return s.slice(0, n - e.length) + e;
      const cut = s.slice(0, n - e.length);
      const i = cut.lastIndexOf(' ');
      return (i < 0 ? cut : cut.slice(0, i)) + e;
    },
    unique: (v, ...a) => {
      const [cs, attribute] = bindArgs('unique', a, [
        ['case_sensitive', false],
        ['attribute', null],
      ]);
      const key = sortKey(truthy(cs), attribute === null ? undefined : attrGetter(attribute));
      const seen: unknown[] = [];
      return toList(v).filter((x) => {
        const k = key(x);
        if (seen.some((s) => compare(s, '==', k))) return false;
        seen.push(k);
        return true;
      });
    },
    upper: (v) => toText(v).toUpperCase(),
    urlencode: (v) => {
      if (isMapping(v))
        return mappingEntries(v)
          .map(([k, x]) => `${urlQuote(k, true)}=${urlQuote(x, true)}`)
          .join('&');
      return urlQuote(v, false);
    },
    wordcount: (v) => (toText(v).match(/[\p{L}\p{N}_]+/gu) ?? []).length,
  };
  function minMax(v: unknown, a: unknown[], name: string, sign: number): unknown {
    const [cs, attribute] = bindArgs(name, a, [
      ['case_sensitive', false],
      ['attribute', null],
    ]);
    const key = sortKey(truthy(cs), attribute === null ? undefined : attrGetter(attribute));
    const items = toList(v);
    if (!items.length) return undefined;
    return items.reduce((best, x) => (pyCompare(key(x), key(best)) * sign > 0 ? x : best));
  }
  filters.d = filters.default;
  filters.e = filters.escape;
  return filters;
}
