/**
 * How a value prints in a template (Python `str()` adapted to JavaScript values, see the README's Templates section):
 * undefined → '', null → 'None', booleans → 'True'/'False', numbers as JavaScript prints them,
 * arrays and plain objects → compact JSON, objects with their own toString() → that.
 */
export function toText(value: unknown): string {
  switch (typeof value) {
    case 'string':
      return value;
    case 'undefined':
      return '';
    case 'boolean':
      return value ? 'True' : 'False';
    case 'number':
      return String(value);
    case 'bigint':
    case 'symbol':
      return value.toString();
    case 'function':
      return `<function ${value.name || 'anonymous'}>`;
  }
  if (value === null) return 'None';
  // String wrappers (nunjucks' SafeString from macros/caller()) and any class with its own toString.
  const obj = value as { toString?: () => string };
  if (!Array.isArray(value) && typeof obj.toString === 'function' && obj.toString !== Object.prototype.toString) {
    return obj.toString();
  }
  try {
    return JSON.stringify(value) ?? '';
  } catch {
    // Circular structures cannot be JSON: fall back to something printable rather than failing the render.
    return Object.prototype.toString.call(value);
  }
}
