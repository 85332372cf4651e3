/** Python str methods on JavaScript strings (`result.splitlines()`, `ref.split('/')`, ...). */
import { TemplateRenderError } from '../errors.js';
import { toText } from '../to-text.js';
import { bindArgs } from './args.js';
import { strFormat } from './str-format.js';
import { isStr, toList, truthy } from './values.js';

type StrMethod = (s: string, args: unknown[]) => unknown;

const WS = ' \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';
const LINE_BREAKS = /\r\n|[\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]/g;

function stripChars(args: unknown[], name: string): string {
  const [chars] = bindArgs(name, args, [['chars', null]]);
  return chars === null || chars === undefined ? WS : String(chars);
}

export function pyStrip(s: string, chars: string = WS, left = true, right = true): string {
  let a = 0;
  let b = s.length;
  if (left) while (a < b && chars.includes(s[a])) a++;
  if (right) while (b > a && chars.includes(s[b - 1])) b--;
  return s.slice(a, b);
}

/** str.split(sep=None, maxsplit=-1) with Python's whitespace rule when sep is None. */
export function pySplit(s: string, sep: unknown, maxsplit: number): string[] {
  if (sep === null || sep === undefined) {
    const out: string[] = [];
    let i = 0;
    while (true) {
      while (i < s.length && WS.includes(s[i])) i++;
      if (i >= s.length) break;
      if (maxsplit >= 0 && out.length === maxsplit) {
        out.push(s.slice(i));
        break;
      }
      let j = i;
      while (j < s.length && !WS.includes(s[j])) j++;
      out.push(s.slice(i, j));
      i = j;
    }
    return out;
  }
  const d = String(sep);
  if (d === '') throw new TemplateRenderError('empty separator');
  const parts = s.split(d);
  if (maxsplit < 0 || parts.length <= maxsplit + 1) return parts;
  return [...parts.slice(0, maxsplit), parts.slice(maxsplit).join(d)];
}

function pyRsplit(s: string, sep: unknown, maxsplit: number): string[] {
  if (maxsplit < 0) return pySplit(s, sep, -1);
  const rev = (x: string): string => Array.from(x).reverse().join('');
  const revSep = sep === null || sep === undefined ? sep : rev(String(sep));
  return pySplit(rev(s), revSep, maxsplit).map(rev).reverse();
}

/** str.replace(old, new, count=-1): every occurrence, unlike JavaScript's replace with a string. */
export function pyReplace(s: string, old: string, rep: string, count = -1): string {
  if (count === 0) return s;
  if (old === '') {
    const chars = Array.from(s);
    const n = count < 0 ? chars.length + 1 : Math.min(count, chars.length + 1);
    let out = '';
    for (let i = 0; i < chars.length; i++) out += (i < n ? rep : '') + chars[i];
    return out + (n > chars.length ? rep : '');
  }
  const parts = s.split(old);
  if (count < 0 || parts.length - 1 <= count) return parts.join(rep);
  return parts.slice(0, count + 1).join(rep) + old + parts.slice(count + 1).join(old);
}

export function pySplitlines(s: string, keepends = false): string[] {
  const out: string[] = [];
  let last = 0;
  for (const m of s.matchAll(LINE_BREAKS)) {
    const end = (m.index ?? 0) + m[0].length;
    out.push(s.slice(last, keepends ? end : m.index));
    last = end;
  }
  if (last < s.length) out.push(s.slice(last));
  return out;
}

/** str.title(): a cased character is upper after an uncased one, lower after a cased one ("O'Neil", "2Nd"). */
export function pyTitle(s: string): string {
  let prevCased = false;
  let out = '';
  for (const ch of s) {
    const cased = ch.toLowerCase() !== ch.toUpperCase();
    out += cased ? (prevCased ? ch.toLowerCase() : ch.toUpperCase()) : ch;
    prevCased = cased;
  }
  return out;
}

export function pyCapitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1).toLowerCase();
}

function affixTest(s: string, args: unknown[], name: string, test: (x: string, affix: string) => boolean): boolean {
  const [affix, start, end] = bindArgs(name, args, [
    ['prefix', undefined],
    ['start', null],
    ['end', null],
  ]);
  const sub = s.slice(start === null ? 0 : Number(start), end === null ? undefined : Number(end));
  const options = Array.isArray(affix) ? affix : [affix];
  return options.some((a) => {
    if (!isStr(a)) throw new TemplateRenderError(`${name} first arg must be str or a tuple of str`);
    return test(sub, String(a));
  });
}

function justify(s: string, args: unknown[], name: string, how: (s: string, w: number, f: string) => string): string {
  const [width, fill] = bindArgs(name, args, [
    ['width', undefined],
    ['fillchar', ' '],
  ]);
  return how(s, Number(width), String(fill));
}

export const STR_METHODS: Record<string, StrMethod> = {
  lower: (s) => s.toLowerCase(),
  upper: (s) => s.toUpperCase(),
  capitalize: (s) => pyCapitalize(s),
  title: (s) => pyTitle(s),
  istitle: (s) => /\p{Lu}|\p{Lt}/u.test(s) && pyTitle(s) === s,
  casefold: (s) => s.toUpperCase().toLowerCase(),
  expandtabs: (s, a) => {
    const size = Number(bindArgs('expandtabs', a, [['tabsize', 8]])[0]);
    let col = 0;
    let out = '';
    for (const ch of s) {
      if (ch === '\t') {
        const n = size > 0 ? size - (col % size) : 0;
        out += ' '.repeat(n);
        col += n;
      } else {
        out += ch;
        col = ch === '\n' || ch === '\r' ? 0 : col + 1;
      }
    }
    return out;
  },
  isdecimal: (s) => /^\p{Nd}+$/u.test(s),
  isidentifier: (s) => /^[\p{L}\p{Nl}_][\p{L}\p{Nl}\p{Mn}\p{Mc}\p{Nd}\p{Pc}]*$/u.test(s),
  isascii: (s) => /^[\x00-\x7f]*$/.test(s),
  isprintable: (s) => !/[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}]|[^\S ]/u.test(s),
  format_map: (s, a) => strFormat(s, [{ ...(a[0] as object), __keywords: true }]),
  swapcase: (s) => Array.from(s, (c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
  strip: (s, a) => pyStrip(s, stripChars(a, 'strip')),
  lstrip: (s, a) => pyStrip(s, stripChars(a, 'lstrip'), true, false),
  rstrip: (s, a) => pyStrip(s, stripChars(a, 'rstrip'), false, true),
  split: (s, a) => {
    const [sep, max] = bindArgs('split', a, [
      ['sep', null],
      ['maxsplit', -1],
    ]);
    return pySplit(s, sep, Number(max));
  },
  rsplit: (s, a) => {
    const [sep, max] = bindArgs('rsplit', a, [
      ['sep', null],
      ['maxsplit', -1],
    ]);
    return pyRsplit(s, sep, Number(max));
  },
  splitlines: (s, a) => pySplitlines(s, truthy(bindArgs('splitlines', a, [['keepends', false]])[0])),
  startswith: (s, a) => affixTest(s, a, 'startswith', (x, p) => x.startsWith(p)),
  endswith: (s, a) => affixTest(s, a, 'endswith', (x, p) => x.endsWith(p)),
  replace: (s, a) => {
    const [old, rep, count] = bindArgs('replace', a, [
      ['old', ''],
      ['new', ''],
      ['count', -1],
    ]);
    return pyReplace(s, String(old), String(rep), Number(count));
  },
  format: (s, a) => strFormat(s, a),
  join: (s, a) => toList(a[0]).map(toText).join(s),
  find: (s, a) => s.indexOf(String(a[0]), a[1] === undefined ? 0 : Number(a[1])),
  rfind: (s, a) => s.lastIndexOf(String(a[0])),
  index: (s, a) => {
    const i = s.indexOf(String(a[0]));
    if (i < 0) throw new TemplateRenderError('substring not found');
    return i;
  },
  count: (s, a) => {
    const sub = String(a[0]);
    return sub === '' ? Array.from(s).length + 1 : s.split(sub).length - 1;
  },
  isdigit: (s) => /^\p{Nd}+$/u.test(s),
  isnumeric: (s) => /^\p{N}+$/u.test(s),
  isalpha: (s) => /^\p{L}+$/u.test(s),
  isalnum: (s) => /^[\p{L}\p{N}]+$/u.test(s),
  isspace: (s) => s.length > 0 && Array.from(s).every((c) => WS.includes(c)),
  islower: (s) => /\p{Ll}/u.test(s) && s === s.toLowerCase(),
  isupper: (s) => /\p{Lu}/u.test(s) && s === s.toUpperCase(),
  zfill: (s, a) => {
    const w = Number(a[0]);
    const sign = /^[-+]/.test(s) ? s[0] : '';
    return sign + s.slice(sign.length).padStart(w - sign.length, '0');
  },
  ljust: (s, a) => justify(s, a, 'ljust', (x, w, f) => x.padEnd(w, f)),
  rjust: (s, a) => justify(s, a, 'rjust', (x, w, f) => x.padStart(w, f)),
  center: (s, a) => justify(s, a, 'center', (x, w, f) => pyCenter(x, w, f)),
  partition: (s, a) => {
    const sep = String(a[0]);
    const i = s.indexOf(sep);
    return i < 0 ? [s, '', ''] : [s.slice(0, i), sep, s.slice(i + sep.length)];
  },
  rpartition: (s, a) => {
    const sep = String(a[0]);
    const i = s.lastIndexOf(sep);
    return i < 0 ? ['', '', s] : [s.slice(0, i), sep, s.slice(i + sep.length)];
  },
  removeprefix: (s, a) => (s.startsWith(String(a[0])) ? s.slice(String(a[0]).length) : s),
  removesuffix: (s, a) => (a[0] !== '' && s.endsWith(String(a[0])) ? s.slice(0, s.length - String(a[0]).length) : s),
};

/** Python's str.center: the extra pad goes left when the string length is odd... as CPython does. */
export function pyCenter(s: string, width: number, fill = ' '): string {
  const total = width - s.length;
  if (total <= 0) return s;
  const left = Math.floor(total / 2) + (total & width & 1);
  return fill.repeat(left) + s + fill.repeat(total - left);
}
