/** Python semantics for the operators a compiled template uses (+ - * / // % ** ~ == < in, loops). */
import { TemplateRenderError } from '../errors.js';
import { toText } from '../to-text.js';
import { percentFormat } from './percent-format.js';
import { isMapping, isPlainObject, isStr, pyEquals, toList, truthy, typeName } from './values.js';

type Num = number | boolean | bigint;

/** Resource limits (see docs/templates.md): values a webhook template never needs, that would stall or exhaust the process. */
export const MAX_INT_BITS = 100_000;
export const MAX_REPEAT = 10_000_000;
const isNum = (v: unknown): v is Num => typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint';

/**
 * Python ints have no size limit: integer arithmetic whose result leaves the exact range of a
 * JavaScript number continues in BigInt (and comes back to a number when it fits again). Only safe
 * integers count as ints here, so a float like 1e20 keeps float arithmetic.
 */
const isIntLike = (v: unknown): v is bigint | number | boolean => typeof v === 'bigint' || typeof v === 'boolean' || (typeof v === 'number' && Number.isSafeInteger(v));
const big = (v: bigint | number | boolean): bigint => (typeof v === 'bigint' ? v : BigInt(Number(v)));
export function normInt(v: bigint): number | bigint {
  return v >= -BigInt(Number.MAX_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
}
const num = (v: Num): number => Number(v);

function intOp(a: unknown, b: unknown, exact: (x: number, y: number) => number, wide: (x: bigint, y: bigint) => bigint): number | bigint | undefined {
  if (!isIntLike(a) || !isIntLike(b)) return undefined;
  if (typeof a !== 'bigint' && typeof b !== 'bigint') {
    const r = exact(Number(a), Number(b));
    if (Number.isSafeInteger(r)) return r;
  }
  return normInt(wide(big(a), big(b)));
}

function unsupported(op: string, a: unknown, b: unknown): never {
  if (a === undefined || b === undefined) throw new TemplateRenderError(`undefined value used with '${op}'`);
  throw new TemplateRenderError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

export function add(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b))
    return (
      intOp(
        a,
        b,
        (x, y) => x + y,
        (x, y) => x + y,
      ) ?? num(a) + num(b)
    );
  if (isStr(a) && isStr(b)) return String(a) + String(b);
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  return unsupported('+', a, b);
}

export function sub(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b))
    return (
      intOp(
        a,
        b,
        (x, y) => x - y,
        (x, y) => x - y,
      ) ?? num(a) - num(b)
    );
  return unsupported('-', a, b);
}

export function mul(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b))
    return (
      intOp(
        a,
        b,
        (x, y) => x * y,
        (x, y) => x * y,
      ) ?? num(a) * num(b)
    );
  const [seq, n] = isNum(a) ? [b, a] : [a, b];
  if (isIntLike(n)) {
    const times = Math.max(0, Number(n));
    const size = (isStr(seq) ? String(seq).length : Array.isArray(seq) ? seq.length : 0) * times;
    if (size > MAX_REPEAT) throw new TemplateRenderError(`repetition result too large (over ${MAX_REPEAT} items)`);
    if (isStr(seq)) return String(seq).repeat(times);
    if (Array.isArray(seq)) return Array.from({ length: times }, () => seq).flat();
  }
  return unsupported('*', a, b);
}

function divisor(op: string, a: unknown, b: unknown): void {
  if (!isNum(a) || !isNum(b)) unsupported(op, a, b);
  if (Number(b) === 0) throw new TemplateRenderError(op !== '/' && isIntLike(a) && isIntLike(b) ? 'integer division or modulo by zero' : 'division by zero');
}

export function div(a: unknown, b: unknown): number {
  divisor('/', a, b);
  if (typeof a === 'bigint' || typeof b === 'bigint') {
    // Exact for the quotient's integer part, then the remainder's share.
    const x = big(a as bigint);
    const y = big(b as bigint);
    return Number(x / y) + Number(x % y) / Number(y);
  }
  return num(a as Num) / num(b as Num);
}

/** Python's floor of the quotient for bigints (BigInt division truncates toward zero). */
function floorBig(x: bigint, y: bigint): bigint {
  const q = x / y;
  return x % y !== 0n && x < 0n !== y < 0n ? q - 1n : q;
}

export function floorDiv(a: unknown, b: unknown): number | bigint {
  divisor('//', a, b);
  return intOp(a, b, (x, y) => Math.floor(x / y), floorBig) ?? Math.floor(num(a as Num) / num(b as Num));
}

/** `%`: printf-style formatting on strings, Python's sign-of-divisor modulo on numbers. */
export function mod(a: unknown, b: unknown): unknown {
  if (isStr(a)) return percentFormat(String(a), b);
  divisor('%', a, b);
  const asInt = intOp(
    a,
    b,
    (x, y) => x - Math.floor(x / y) * y,
    (x, y) => x - floorBig(x, y) * y,
  );
  if (asInt !== undefined) return asInt;
  const d = num(b as Num);
  const r = num(a as Num) % d;
  return r !== 0 && r < 0 !== d < 0 ? r + d : r;
}

export function pow(a: unknown, b: unknown): number | bigint {
  if (!isNum(a) || !isNum(b)) unsupported('**', a, b);
  if (isIntLike(a) && isIntLike(b) && Number(b) >= 0) {
    const r = Number(a) ** Number(b);
    if (typeof a !== 'bigint' && typeof b !== 'bigint' && Number.isSafeInteger(r)) return r;
    // Python would grind on 2 ** 10**9 for minutes; one template must not stall the server.
    const bits = big(a).toString(2).replace('-', '').length * Number(b);
    if (bits > MAX_INT_BITS) throw new TemplateRenderError(`integer result of ** too large (over ${MAX_INT_BITS} bits)`);
    return normInt(big(a) ** big(b));
  }
  if (Number(a) === 0 && Number(b) < 0) throw new TemplateRenderError('0.0 cannot be raised to a negative power');
  return num(a) ** num(b);
}

export function neg(a: unknown): number | bigint {
  if (typeof a === 'bigint') return normInt(-a);
  if (!isNum(a)) throw new TemplateRenderError(a === undefined ? 'undefined value used with unary -' : `bad operand type for unary -: '${typeName(a)}'`);
  return -Number(a);
}

export function pos(a: unknown): number | bigint {
  if (typeof a === 'bigint') return a;
  if (!isNum(a)) throw new TemplateRenderError(`bad operand type for unary +: '${typeName(a)}'`);
  return Number(a);
}

/** `~` joins the printed forms. */
export function concat(a: unknown, b: unknown): string {
  return toText(a) + toText(b);
}

export function or(a: unknown, b: () => unknown): unknown {
  return truthy(a) ? a : b();
}

export function and(a: unknown, b: () => unknown): unknown {
  return truthy(a) ? b() : a;
}

function order(op: string, a: unknown, b: unknown): boolean {
  let c: number;
  if (isNum(a) && isNum(b)) {
    const x = typeof a === 'boolean' ? Number(a) : a;
    const y = typeof b === 'boolean' ? Number(b) : b;
    c = x < y ? -1 : x > y ? 1 : x === y || x == y ? 0 : NaN;
  } else if (isStr(a) && isStr(b)) {
    c = String(a) < String(b) ? -1 : String(a) > String(b) ? 1 : 0;
  } else if (Array.isArray(a) && Array.isArray(b)) {
    // Sequences compare item by item, then by length, as in Python.
    const n = Math.min(a.length, b.length);
    for (let k = 0; k < n; k++) if (!pyEquals(a[k], b[k])) return order(op, a[k], b[k]);
    c = a.length - b.length;
  } else {
    if (a === undefined || b === undefined) throw new TemplateRenderError(`undefined value used with '${op}'`);
    throw new TemplateRenderError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
  }
  switch (op) {
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    default:
      return c >= 0;
  }
}

export function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==':
    case '===':
      return pyEquals(a, b);
    case '!=':
    case '!==':
      return !pyEquals(a, b);
    default:
      return order(op, a, b);
  }
}

/** `item in container`. Objects with their own has() (Map, Set, a headers class) decide themselves. */
export function contains(container: unknown, item: unknown): boolean {
  if (isStr(container)) {
    if (!isStr(item)) throw new TemplateRenderError(`'in <string>' requires string as left operand, not ${typeName(item)}`);
    return String(container).includes(String(item));
  }
  if (Array.isArray(container)) return container.some((x) => pyEquals(item, x));
  if (isPlainObject(container)) return Object.prototype.hasOwnProperty.call(container, String(item));
  if (container === undefined) return false;
  const has = (container as { has?: unknown } | null)?.has;
  if (typeof has === 'function') return Boolean(has.call(container, item));
  return toList(container).some((x) => pyEquals(item, x));
}

/** What `{% for %}` iterates: lists as is, mappings by key, strings by character, undefined as empty. */
export function iterate(v: unknown): unknown[] {
  return toList(v);
}

/** Tuple unpacking in `{% for a, b in pairs %}` and `{% set a, b = ... %}`. */
export function unpack(v: unknown, n: number): unknown[] {
  const items = isMapping(v) ? toList(v) : toList(v);
  if (items.length !== n) {
    throw new TemplateRenderError(items.length > n ? `too many values to unpack (expected ${n})` : `not enough values to unpack (expected ${n}, got ${items.length})`);
  }
  return items;
}

/** Python's chained comparison `a < b < c` (each operand evaluated once, left to right, lazily). */
export function compareChain(first: unknown, ops: [string, () => unknown][]): boolean {
  let left = first;
  for (const [op, get] of ops) {
    const right = get();
    const ok = op === 'in' ? contains(right, left) : op === 'notin' ? !contains(right, left) : compare(left, op, right);
    if (!ok) return false;
    left = right;
  }
  return true;
}
