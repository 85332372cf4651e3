/** Python's printf-style `str % args` (used by the `%` operator on strings and the `format` filter). */
import { TemplateRenderError } from '../errors.js';
import { toText } from '../to-text.js';
import { formatAbs, formatChar, signOf, toNumber } from './number-format.js';
import { isMapping, isTuple, mappingGet, pyRepr } from './values.js';

const SPEC = /%(?:\(([^)]*)\))?([-+ #0]*)(\*|\d+)?(?:\.(\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])?/g;

/** `args` is what stood right of `%`: a tuple spreads into arguments, a mapping feeds `%(name)s`. */
export function percentFormat(format: string, args: unknown): string {
  const positional = isTuple(args) ? args : [args];
  const mapping = isMapping(args) ? args : undefined;
  let next = 0;
  const take = (): unknown => {
    if (next >= positional.length) throw new TemplateRenderError('not enough arguments for format string');
    return positional[next++];
  };
  const out = format.replace(SPEC, (whole, key: string | undefined, flags: string, width?: string, prec?: string, type?: string) => {
    if (type === undefined) throw new TemplateRenderError(`incomplete format: '${whole}'`);
    if (type === '%') return '%';
    const w = width === '*' ? Number(take()) : width ? Number(width) : 0;
    const p = prec === '*' ? Number(take()) : prec !== undefined ? Number(prec) : undefined;
    let value: unknown;
    if (key !== undefined) {
      if (!mapping) throw new TemplateRenderError('format requires a mapping');
      value = mappingGet(mapping, key);
      if (value === undefined) throw new TemplateRenderError(`KeyError: '${key}'`);
    } else {
      value = take();
    }
    return pad(convert(value, type, flags, p), w, flags, type);
  });
  // Python refuses leftover arguments; a mapping on the right is allowed to be left unused.
  if (!mapping && next < positional.length) {
    throw new TemplateRenderError('not all arguments converted during string formatting');
  }
  return out;
}

function convert(value: unknown, type: string, flags: string, prec: number | undefined): string {
  switch (type) {
    case 's': {
      const s = toText(value);
      return prec === undefined ? s : s.slice(0, prec);
    }
    case 'r':
    case 'a': {
      const s = pyRepr(value);
      return prec === undefined ? s : s.slice(0, prec);
    }
    case 'c':
      return formatChar(value);
    default: {
      const n = toNumber(value, type);
      const signFlag = flags.includes('+') ? '+' : flags.includes(' ') ? ' ' : '';
      return signOf(n, signFlag) + formatAbs(n, type, prec, flags.includes('#'));
    }
  }
}

function pad(s: string, width: number, flags: string, type: string): string {
  if (s.length >= width) return s;
  if (flags.includes('-')) return s.padEnd(width);
  if (flags.includes('0') && !'srac'.includes(type)) {
    const sign = /^[-+ ]/.test(s) ? s[0] : '';
    return sign + s.slice(sign.length).padStart(width - sign.length, '0');
  }
  return s.padStart(width);
}
