/** Number conversions shared by `%` formatting and str.format(), following Python's rules. */
import { TemplateRenderError } from '../errors.js';
import { expText, floatRepr } from './float-repr.js';
import { isStr, typeName } from './values.js';

export function toNumber(v: unknown, conv: string): number | bigint {
  if (typeof v === 'number' || typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return Number(v);
  throw new TemplateRenderError(`%${conv} format: a real number is required, not ${typeName(v)}`);
}

/**
 * The exact decimal value of a finite double's magnitude, as digits with `frac` of them after the
 * point: x = m * 2^e, so for e < 0 it is m * 5^-e / 10^-e. Lets every conversion below round
 * half-to-even on the true binary value, as CPython does (JavaScript's toFixed rounds ties up).
 */
function exactDecimal(x: number): { digits: string; frac: number } {
  if (x === 0) return { digits: '0', frac: 0 };
  const buf = new DataView(new ArrayBuffer(8));
  buf.setFloat64(0, x);
  const hi = buf.getUint32(0);
  const lo = buf.getUint32(4);
  const expBits = (hi >>> 20) & 0x7ff;
  let mant = (BigInt(hi & 0xfffff) << 32n) | BigInt(lo);
  let exp: number;
  if (expBits === 0) exp = -1074;
  else {
    mant |= 1n << 52n;
    exp = expBits - 1075;
  }
  if (exp >= 0) return { digits: (mant << BigInt(exp)).toString(), frac: 0 };
  return { digits: (mant * 5n ** BigInt(-exp)).toString(), frac: -exp };
}

/** Rounds a digit string (an integer) to drop its last `drop` digits, half to even. */
function roundDigits(digits: string, drop: number): bigint {
  if (drop <= 0) return BigInt(digits) * 10n ** BigInt(-drop);
  if (drop > digits.length) return 0n;
  const keep = digits.slice(0, digits.length - drop);
  const rest = digits.slice(digits.length - drop);
  let n = BigInt(keep || '0');
  const half = '5' + '0'.repeat(drop - 1);
  if (rest > half || (rest === half && n % 2n === 1n)) n += 1n;
  return n;
}

/** |x| with `prec` digits after the point (Python's 'f'), rounded half to even. */
function fixed(x: number, prec: number): string {
  const { digits, frac } = exactDecimal(x);
  const n = roundDigits(digits, frac - prec)
    .toString()
    .padStart(prec + 1, '0');
  return prec ? `${n.slice(0, n.length - prec)}.${n.slice(n.length - prec)}` : n;
}

/** |x| as d.ddd with `prec` digits and its decimal exponent (Python's 'e' before printing). */
function scientific(x: number, prec: number): { mant: string; exp: number } {
  if (x === 0) return { mant: prec ? '0.' + '0'.repeat(prec) : '0', exp: 0 };
  const { digits, frac } = exactDecimal(x);
  const sig = digits.replace(/^0+/, '');
  let exp = sig.length - 1 - frac;
  let n = roundDigits(sig, sig.length - (prec + 1)).toString();
  if (n.length > prec + 1) {
    exp += 1;
    n = n.slice(0, prec + 1);
  }
  return { mant: prec ? `${n[0]}.${n.slice(1)}` : n, exp };
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
  const { exp } = scientific(x, p - 1);
  let s: string;
  if (exp >= -4 && exp < p) s = fixed(x, p - 1 - exp);
  else {
    const sc = scientific(x, p - 1);
    s = expText(sc.mant, sc.exp, 'e');
  }
  return alt ? s : stripZeros(s);
}

function intDigits(n: number | bigint, radix: number): string {
  const v = typeof n === 'bigint' ? (n < 0n ? -n : n) : BigInt(Math.trunc(Math.abs(n)));
  return v.toString(radix);
}

/**
 * Formats the absolute value of a number for a Python conversion type (d x X o b e E f F g G %).
 * Returns the digits without sign; the caller handles sign, width and padding.
 */
export function formatAbs(n: number | bigint, type: string, prec: number | undefined, alt: boolean): string {
  if (typeof n === 'number' && !Number.isFinite(n)) {
    const s = Number.isNaN(n) ? 'nan' : 'inf';
    return type === type.toUpperCase() && /[EFG]/.test(type) ? s.toUpperCase() : s;
  }
  const x = Math.abs(Number(n));
  switch (type) {
    case 'd':
    case 'i':
    case 'u':
    case 'n':
      return intDigits(n, 10);
    case 'x':
      return (alt ? '0x' : '') + intDigits(n, 16);
    case 'X':
      return (alt ? '0X' : '') + intDigits(n, 16).toUpperCase();
    case 'o':
      return (alt ? '0o' : '') + intDigits(n, 8);
    case 'b':
      return (alt ? '0b' : '') + intDigits(n, 2);
    case 'e':
    case 'E': {
      const sc = scientific(x, prec ?? 6);
      const s = expText(alt && !sc.mant.includes('.') ? sc.mant + '.' : sc.mant, sc.exp, 'e');
      return type === 'E' ? s.toUpperCase() : s;
    }
    case 'f':
    case 'F':
      return typeof n === 'bigint' && (prec ?? 6) === 0 ? intDigits(n, 10) : fixed(x, prec ?? 6);
    case 'g':
    case 'G': {
      const s = formatG(x, prec ?? 6, alt);
      return type === 'G' ? s.toUpperCase() : s;
    }
    case '%':
      return fixed(x * 100, prec ?? 6) + '%';
    default:
      throw new TemplateRenderError(`unsupported format character '${type}'`);
  }
}

export function signOf(n: number | bigint, flag: string): string {
  if (n < 0 || Object.is(n, -0)) return '-';
  return flag === '+' ? '+' : flag === ' ' ? ' ' : '';
}

/** Python's %c / {:c}: an integer code point or a one-character string. */
export function formatChar(v: unknown): string {
  if (isStr(v) && v.length === 1) return String(v);
  if (typeof v === 'number' && Number.isInteger(v)) return String.fromCodePoint(v);
  throw new TemplateRenderError('%c requires an int or a unicode character');
}

export { floatRepr };
