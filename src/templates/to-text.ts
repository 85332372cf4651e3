import { floatRepr } from './runtime/float-repr.js';

/**
 * How a value prints in a template (Python `str()` adapted to JavaScript values, see docs/templates.md):
 * undefined → '', null → 'None', booleans → 'True'/'False', integral numbers as ints, other floats as Python's repr,
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
      // Integral numbers print as ints (the ruled difference: JavaScript has one number type), in
      // full even beyond 1e21; other floats as Python's repr (1e-05, not 0.00001).
      if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
      return floatRepr(value);
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
