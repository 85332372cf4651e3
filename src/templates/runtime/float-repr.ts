/** Python's float repr, kept apart from the value helpers: to-text.ts prints with it and they print with to-text.ts. */
/** `1.5e+03`: Python's exponent form, at least two exponent digits. */
export function expText(mant: string, exp: number, e: string): string {
  return `${mant}${e}${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`;
}

/** Python's repr of a float: shortest round-trip digits, exponent form outside 1e-4 <= |x| < 1e16. */
export function floatRepr(x: number): string {
  if (!Number.isFinite(x)) return Number.isNaN(x) ? 'nan' : x > 0 ? 'inf' : '-inf';
  const [m, e] = Math.abs(x).toExponential().split('e');
  const digits = m.replace('.', '');
  const exp = Number(e);
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  if (exp >= -4 && exp < 16) {
    if (exp < 0) return `${sign}0.${'0'.repeat(-exp - 1)}${digits}`;
    if (digits.length <= exp + 1) return `${sign}${digits}${'0'.repeat(exp + 1 - digits.length)}.0`;
    return `${sign}${digits.slice(0, exp + 1)}.${digits.slice(exp + 1)}`;
  }
  return sign + expText(digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits, exp, 'e');
}
