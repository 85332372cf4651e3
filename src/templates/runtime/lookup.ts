/**
 * Name, attribute, item and call semantics of Jinja on JavaScript values.
 *
 * Attribute rule (documented in docs/templates.md):
 *  - plain objects: an own property holding a function (a real JS method) wins; otherwise, with dot
 *    syntax a Python dict method name (`items`, `keys`, `values`, `get`, ...) wins over a key of the same
 *    name, and with subscript syntax the key wins — exactly Jinja's getattr/getitem order;
 *  - strings and arrays expose Python str/list methods and integer (also negative) indices only;
 *  - any other object (class instances, Proxies, functions) exposes its own properties/methods, bound.
 */
import { TemplateRenderError } from '../errors.js';
import { DICT_METHODS, LIST_METHODS } from './py-collections.js';
import { STR_METHODS } from './py-str.js';
import { isPlainObject, isStr, tupleAttr, type Dict } from './values.js';

const own = (o: object, k: PropertyKey): boolean => Object.prototype.hasOwnProperty.call(o, k);

/** Errors thrown by functions the template called: rendered errors unwrap back to exactly these. */
const calleeErrors = new WeakSet<object>();
export function isCalleeError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && calleeErrors.has(e);
}

function index(length: number, key: number): number | undefined {
  if (!Number.isInteger(key)) return undefined;
  const i = key < 0 ? length + key : key;
  return i >= 0 && i < length ? i : undefined;
}

function bindMethod<T>(table: Record<string, (self: T, args: unknown[]) => unknown>, self: T, name: string) {
  const method = table[name];
  return (...args: unknown[]) => method(self, args);
}

/** `obj.key` (dot = true) or `obj[key]`; `desc` names the target for the undefined error. */
export function getAttr(obj: unknown, key: unknown, dot: boolean, desc: string): unknown {
  if (obj === undefined) throw new TemplateRenderError(`'${desc}' is undefined`);
  if (obj === null || typeof obj === 'number' || typeof obj === 'boolean' || typeof obj === 'bigint') return undefined;
  if (isStr(obj)) {
    const s = String(obj);
    if (typeof key === 'number') {
      // Python indexes code points, not UTF-16 units.
      const chars = Array.from(s);
      const i = index(chars.length, key);
      return i === undefined ? undefined : chars[i];
    }
    return typeof key === 'string' && own(STR_METHODS, key) ? bindMethod(STR_METHODS, s, key) : undefined;
  }
  if (Array.isArray(obj)) {
    if (typeof key === 'number') {
      const i = index(obj.length, key);
      return i === undefined ? undefined : obj[i];
    }
    if (typeof key !== 'string') return undefined;
    return own(LIST_METHODS, key) ? bindMethod(LIST_METHODS, obj, key) : tupleAttr(obj, key);
  }
  const k = typeof key === 'number' ? String(key) : key;
  if (typeof k !== 'string') return undefined;
  if (isPlainObject(obj)) {
    const has = own(obj, k);
    const v = has ? obj[k] : undefined;
    if (typeof v === 'function') return v.bind(obj);
    if (dot && own(DICT_METHODS, k)) return bindMethod(DICT_METHODS, obj, k);
    if (has) return v;
    if (own(DICT_METHODS, k)) return bindMethod(DICT_METHODS, obj, k);
    // A Proxy over a plain object (e.g. case-insensitive headers) answers reads its target does not own;
    // Object.prototype members are never exposed.
    const proxied = obj[k];
    return proxied !== (Object.prototype as Dict)[k] ? proxied : undefined;
  }
  if (obj instanceof Map && !(k in obj)) {
    if (obj.has(key)) return obj.get(key);
    return own(DICT_METHODS, k) ? bindMethod(DICT_METHODS, Object.fromEntries(obj), k) : undefined;
  }
  const v = (obj as Record<string, unknown>)[k];
  if (typeof v === 'function') return v.bind(obj);
  if (v !== undefined) return v;
  if (typeof obj === 'object' && own(DICT_METHODS, k)) return bindMethod(DICT_METHODS, obj as Dict, k);
  return undefined;
}

/** Python slice indices (start/stop/step may be null = omitted). */
function sliceIndices(len: number, start: unknown, stop: unknown, step: unknown): number[] {
  const st = step === null || step === undefined ? 1 : Number(step);
  if (st === 0) throw new TemplateRenderError('slice step cannot be zero');
  const norm = (v: unknown, def: number, lo: number, hi: number): number => {
    if (v === null || v === undefined) return def;
    let n = Math.trunc(Number(v));
    if (n < 0) n += len;
    return Math.min(Math.max(n, lo), hi);
  };
  const out: number[] = [];
  if (st > 0) {
    const a = norm(start, 0, 0, len);
    const b = norm(stop, len, 0, len);
    for (let i = a; i < b; i += st) out.push(i);
  } else {
    const a = norm(start, len - 1, -1, len - 1);
    const b = norm(stop, -1, -1, len - 1);
    for (let i = a; i > b; i += st) out.push(i);
  }
  return out;
}

export function getSlice(obj: unknown, start: unknown, stop: unknown, step: unknown, desc: string): unknown {
  if (obj === undefined) throw new TemplateRenderError(`'${desc}' is undefined`);
  if (isStr(obj)) {
    const chars = Array.from(String(obj));
    return sliceIndices(chars.length, start, stop, step)
      .map((i) => chars[i])
      .join('');
  }
  if (Array.isArray(obj)) return sliceIndices(obj.length, start, stop, step).map((i) => obj[i]);
  return undefined;
}

/** A call from the template. Errors the callee throws are marked so render() rethrows them unchanged. */
export function callFunction(fn: unknown, desc: string, args: unknown[]): unknown {
  if (fn === undefined) throw new TemplateRenderError(`'${desc}' is undefined`);
  if (typeof fn !== 'function') throw new TemplateRenderError(`'${desc}' is not callable`);
  try {
    return fn(...args);
  } catch (e) {
    if (typeof e === 'object' && e !== null && !(e instanceof TemplateRenderError)) calleeErrors.add(e);
    throw e;
  }
}

/** Jinja's namespace(): the only object `{% set ns.attr = value %}` may write to. */
export class Namespace {
  constructor(init: Dict = {}) {
    Object.assign(this, init);
  }
}

export function setAttr(obj: unknown, key: string, value: unknown): void {
  if (!(obj instanceof Namespace)) throw new TemplateRenderError('cannot assign attribute on non-namespace object');
  (obj as unknown as Dict)[key] = value;
}
