/** Python semantics for the operators a compiled template uses (+ - * / // % ** ~ == < in, loops). */
import { TemplateRenderError } from '../errors.js';
import { toText } from '../to-text.js';
import { percentFormat } from './percent-format.js';
import { isMapping, isPlainObject, isStr, pyEquals, toList, truthy, typeName } from './values.js';

type Num = number | boolean;
const isNum = (v: unknown): v is Num => typeof v === 'number' || typeof v === 'boolean';

function unsupported(op: string, a: unknown, b: unknown): never {
  if (a === undefined || b === undefined) throw new TemplateRenderError(`undefined value used with '${op}'`);
  throw new TemplateRenderError(`unsupported operand type(s) for ${op}: '${typeName(a)}' and '${typeName(b)}'`);
}

export function add(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) return Number(a) + Number(b);
  if (isStr(a) && isStr(b)) return String(a) + String(b);
  if (Array.isArray(a) && Array.isArray(b)) return [...a, ...b];
  return unsupported('+', a, b);
}

export function sub(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) return Number(a) - Number(b);
  return unsupported('-', a, b);
}

export function mul(a: unknown, b: unknown): unknown {
  if (isNum(a) && isNum(b)) return Number(a) * Number(b);
  const [seq, n] = isNum(a) ? [b, a] : [a, b];
  if (isNum(n) && Number.isInteger(Number(n))) {
    const times = Math.max(0, Number(n));
    if (isStr(seq)) return String(seq).repeat(times);
    if (Array.isArray(seq)) return Array.from({ length: times }, () => seq).flat();
  }
  return unsupported('*', a, b);
}

function divisor(op: string, a: unknown, b: unknown): number {
  if (!isNum(a) || !isNum(b)) unsupported(op, a, b);
  if (Number(b) === 0) throw new TemplateRenderError('division by zero');
  return Number(b);
}

export function div(a: unknown, b: unknown): number {
  return Number(a) / divisor('/', a, b);
}

export function floorDiv(a: unknown, b: unknown): number {
  return Math.floor(Number(a) / divisor('//', a, b));
}

/** `%`: printf-style formatting on strings, Python's sign-of-divisor modulo on numbers. */
export function mod(a: unknown, b: unknown): unknown {
  if (isStr(a)) return percentFormat(String(a), b);
  const d = divisor('%', a, b);
  const r = Number(a) % d;
  return r !== 0 && r < 0 !== d < 0 ? r + d : r;
}

export function pow(a: unknown, b: unknown): number {
  if (!isNum(a) || !isNum(b)) unsupported('**', a, b);
  return Number(a) ** Number(b);
}

export function neg(a: unknown): number {
  if (!isNum(a)) throw new TemplateRenderError(`bad operand type for unary -: '${typeName(a)}'`);
  return -Number(a);
}

export function pos(a: unknown): number {
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
  const ok = (isNum(a) && isNum(b)) || (isStr(a) && isStr(b));
  if (!ok) throw new TemplateRenderError(`'${op}' not supported between instances of '${typeName(a)}' and '${typeName(b)}'`);
  const x = isStr(a) ? String(a) : Number(a);
  const y = isStr(b) ? String(b) : Number(b);
  switch (op) {
    case '<':
      return x < y;
    case '>':
      return x > y;
    case '<=':
      return x <= y;
    default:
      return x >= y;
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
    throw new TemplateRenderError(
      items.length > n ? `too many values to unpack (expected ${n})` : `not enough values to unpack (expected ${n}, got ${items.length})`,
    );
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
