/** Python number conversions used by the int/float/round filters. */

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

/** Python int(x, base) for strings and numbers (any size: bigint beyond 2^53), or undefined where Python raises. */
export function pyInt(v: unknown, base = 10): number | bigint | undefined {
  if (typeof v === 'number') return Number.isFinite(v) ? Math.trunc(v) : undefined;
  if (typeof v === 'bigint') return v;
  if (typeof v === 'boolean') return Number(v);
  if (typeof v !== 'string' && !(v instanceof String)) return undefined;
  const m = /^([+-]?)(0[xob]_?)?([0-9a-z]+(?:_[0-9a-z]+)*)$/i.exec(String(v).trim());
  if (!m) return undefined;
  const prefixBase = m[2] ? { x: 16, o: 8, b: 2 }[m[2][1].toLowerCase() as 'x' | 'o' | 'b'] : undefined;
  let b = base;
  if (base === 0) {
    b = prefixBase ?? 10;
    if (!prefixBase && /^0+[1-9]/.test(m[3].replace(/_/g, ''))) return undefined;
  } else if (prefixBase !== undefined && prefixBase !== base) {
    return undefined;
  }
  if (b < 2 || b > 36) return undefined;
  let n = 0n;
  for (const ch of m[3].replace(/_/g, '').toLowerCase()) {
    const d = Number.parseInt(ch, 36);
    if (d >= b) return undefined;
    n = n * BigInt(b) + BigInt(d);
  }
  if (m[1] === '-') n = -n;
  return n >= -BigInt(Number.MAX_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
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
