/** Number conversions shared by `%` formatting and str.format(), following Python's rules. */
import { TemplateRenderError } from '../errors.js';
import { isStr, typeName } from './values.js';

export function toNumber(v: unknown, conv: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return Number(v);
  throw new TemplateRenderError(`%${conv} format: a real number is required, not ${typeName(v)}`);
}

/** Python prints exponents with at least two digits: 1.5e+00. */
function fixExponent(s: string): string {
  return s.replace(/e([+-])(\d)$/, 'e$10$2');
}

function stripZeros(s: string): string {
  if (!s.includes('.')) return s;
  const [mant, exp] = s.split('e');
  const m = mant.replace(/0+$/, '').replace(/\.$/, '');
  return exp === undefined ? m : `${m}e${exp}`;
}

function formatG(x: number, prec: number, alt: boolean): string {
  const p = prec === 0 ? 1 : prec;
  if (x === 0) return alt ? (0).toFixed(p - 1) : '0';
  const exp = Number(x.toExponential(p - 1).split('e')[1]);
  const s = exp >= -4 && exp < p ? x.toFixed(p - 1 - exp) : fixExponent(x.toExponential(p - 1));
  return alt ? s : stripZeros(s);
}

/**
 * Formats the absolute value of a number for a Python conversion type (d x X o b e E f F g G %).
 * Returns the digits without sign; the caller handles sign, width and padding.
 */
export function formatAbs(n: number, type: string, prec: number | undefined, alt: boolean): string {
  const x = Math.abs(n);
  if (!Number.isFinite(x)) {
    const s = Number.isNaN(x) ? 'nan' : 'inf';
    return type === type.toUpperCase() && /[EFG]/.test(type) ? s.toUpperCase() : s;
  }
  switch (type) {
    case 'd':
    case 'i':
    case 'u':
    case 'n':
      return Math.trunc(x).toString();
    case 'x':
      return (alt ? '0x' : '') + Math.trunc(x).toString(16);
    case 'X':
      return (alt ? '0X' : '') + Math.trunc(x).toString(16).toUpperCase();
    case 'o':
      return (alt ? '0o' : '') + Math.trunc(x).toString(8);
    case 'b':
      return (alt ? '0b' : '') + Math.trunc(x).toString(2);
    case 'e':
    case 'E': {
      const s = fixExponent(x.toExponential(prec ?? 6));
      return type === 'E' ? s.toUpperCase() : s;
    }
    case 'f':
    case 'F':
      return x.toFixed(prec ?? 6);
    case 'g':
    case 'G': {
      const s = formatG(x, prec ?? 6, alt);
      return type === 'G' ? s.toUpperCase() : s;
    }
    case '%':
      return (x * 100).toFixed(prec ?? 6) + '%';
    default:
      throw new TemplateRenderError(`unsupported format character '${type}'`);
  }
}

export function signOf(n: number, flag: string): string {
  if (n < 0 || Object.is(n, -0)) return '-';
  return flag === '+' ? '+' : flag === ' ' ? ' ' : '';
}

/** Python's %c / {:c}: an integer code point or a one-character string. */
export function formatChar(v: unknown): string {
  if (isStr(v) && v.length === 1) return String(v);
  if (typeof v === 'number' && Number.isInteger(v)) return String.fromCodePoint(v);
  throw new TemplateRenderError('%c requires an int or a unicode character');
}
