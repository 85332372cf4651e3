/** Python number conversions used by the int/float/round filters. */

const INT_RE = /^\s*[+-]?\d+(?:_\d+)*\s*$/;
const FLOAT_RE = /^\s*[+-]?(?:(?:\d+(?:_\d+)*)?(?:\.\d*(?:_\d+)*)?(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)\s*$/i;

/** Python float(x), or undefined where Python raises. */
export function pyFloat(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'string' || v instanceof String) {
    const s = String(v);
    if (!FLOAT_RE.test(s) || !/[\dn]/i.test(s)) return undefined;
    const t = s.trim().replace(/_/g, '').toLowerCase();
    if (t.endsWith('inf') || t.endsWith('infinity')) return t.startsWith('-') ? -Infinity : Infinity;
    if (t.endsWith('nan')) return NaN;
    return Number(t);
  }
  return undefined;
}

/** Python int(x, base) for strings and numbers, or undefined where Python raises. */
export function pyInt(v: unknown, base = 10): number | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : undefined;
  if (typeof v === 'boolean') return Number(v);
  if (typeof v === 'string' || v instanceof String) {
    const s = String(v).trim().replace(/_/g, '');
    if (base === 10) return INT_RE.test(String(v)) ? Number(s) : undefined;
    const m = /^([+-]?)(?:0[xob])?([0-9a-z]+)$/i.exec(s);
    if (!m) return undefined;
    const n = parseInt(m[2], base);
    return Number.isNaN(n) ? undefined : m[1] === '-' ? -n : n;
  }
  return undefined;
}

/** Python round(x, ndigits): round-half-to-even on the exact binary value, as CPython does. */
export function pyRound(x: number, ndigits = 0): number {
  if (!Number.isFinite(x)) return x;
  if (ndigits < 0) {
    const f = 10 ** -ndigits;
    return pyRound(x / f) * f;
  }
  // toFixed(100) is exact for the magnitudes templates see; decide the tie on those digits.
  const exact = Math.abs(x).toFixed(Math.min(100, Math.max(ndigits + 30, 60)));
  const [intPart, frac] = exact.split('.');
  const kept = intPart + frac.slice(0, ndigits);
  const rest = frac.slice(ndigits);
  let digits = BigInt(kept);
  const half = rest[0] === '5' && /^0*$/.test(rest.slice(1));
  if (rest[0] > '5' || (rest[0] === '5' && !half) || (half && digits % 2n === 1n)) digits += 1n;
  const s = digits.toString().padStart(ndigits + 1, '0');
  const text = ndigits ? `${s.slice(0, s.length - ndigits)}.${s.slice(s.length - ndigits)}` : s;
  const r = Number(text);
  return x < 0 ? -r : r;
}
