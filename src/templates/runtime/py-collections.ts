/** Python dict and list methods on plain objects and arrays (`payload.get('tag', 'latest')`, ...). */
import { TemplateRenderError } from '../errors.js';
import { bindArgs, splitArgs } from './args.js';
import { compare } from './ops.js';
import { isPlainObject, mappingEntries, pyEquals, truthy, type Dict } from './values.js';

type Method<T> = (self: T, args: unknown[]) => unknown;

const own = (d: Dict, k: string): boolean => Object.prototype.hasOwnProperty.call(d, k);

export const DICT_METHODS: Record<string, Method<Dict>> = {
  get: (d, a) => {
    const [key, def] = bindArgs('get', a, [
      ['key', undefined],
      ['default', null],
    ]);
    const k = String(key);
    return own(d, k) ? d[k] : def;
  },
  items: (d) => mappingEntries(d),
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  copy: (d) => ({ ...d }),
  pop: (d, a) => {
    const k = String(a[0]);
    if (own(d, k)) {
      const v = d[k];
      delete d[k];
      return v;
    }
    if (a.length > 1) return a[1];
    throw new TemplateRenderError(`KeyError: '${k}'`);
  },
  setdefault: (d, a) => {
    const k = String(a[0]);
    if (!own(d, k)) d[k] = a.length > 1 ? a[1] : null;
    return d[k];
  },
  update: (d, a) => {
    const { pos, kw } = splitArgs(a);
    for (const src of pos) if (isPlainObject(src)) Object.assign(d, src);
    Object.assign(d, kw);
    return null;
  },
};

function indexOf(list: unknown[], x: unknown): number {
  return list.findIndex((y) => pyEquals(x, y));
}

export const LIST_METHODS: Record<string, Method<unknown[]>> = {
  append: (l, a) => {
    l.push(a[0]);
    return null;
  },
  extend: (l, a) => {
    l.push(...(Array.isArray(a[0]) ? a[0] : []));
    return null;
  },
  insert: (l, a) => {
    l.splice(Number(a[0]), 0, a[1]);
    return null;
  },
  pop: (l, a) => {
    if (!l.length) throw new TemplateRenderError('pop from empty list');
    const i = a.length ? Number(a[0]) : -1;
    return l.splice(i < 0 ? l.length + i : i, 1)[0];
  },
  remove: (l, a) => {
    const i = indexOf(l, a[0]);
    if (i < 0) throw new TemplateRenderError('list.remove(x): x not in list');
    l.splice(i, 1);
    return null;
  },
  index: (l, a) => {
    const i = indexOf(l, a[0]);
    if (i < 0) throw new TemplateRenderError('value is not in list');
    return i;
  },
  count: (l, a) => l.filter((y) => pyEquals(a[0], y)).length,
  copy: (l) => [...l],
  clear: (l) => {
    l.length = 0;
    return null;
  },
  reverse: (l) => {
    l.reverse();
    return null;
  },
  sort: (l, a) => {
    const [key, reverse] = bindArgs('sort', a, [
      ['key', null],
      ['reverse', false],
    ]);
    const k = typeof key === 'function' ? (x: unknown) => key(x) : (x: unknown) => x;
    l.sort((x, y) => (compare(k(x), '<', k(y)) ? -1 : compare(k(y), '<', k(x)) ? 1 : 0));
    if (truthy(reverse)) l.reverse();
    return null;
  },
};
