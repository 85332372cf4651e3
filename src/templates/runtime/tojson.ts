/**
 * Jinja's `tojson`: json.dumps(value, sort_keys=True) with Python's separators (", " and ": ", or ","
 * with an indent), ASCII-only output, then `<`, `>`, `&`, `'` escaped so the result is HTML-safe.
 */
import { TemplateRenderError } from '../errors.js';
import { isStr } from './values.js';

function jsonString(s: string): string {
  return JSON.stringify(s).replace(/[\u007f-\uffff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function dump(v: unknown, indent: string | undefined, depth: number, seen: Set<object>): string {
  if (v === null || v === undefined) return 'null';
  if (isStr(v)) return jsonString(String(v));
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number') return Number.isFinite(v) ? JSON.stringify(v) : Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
  if (typeof v !== 'object') throw new TemplateRenderError(`Object of type ${typeof v} is not JSON serializable`);
  const withToJSON = v as { toJSON?: () => unknown };
  if (typeof withToJSON.toJSON === 'function') return dump(withToJSON.toJSON(), indent, depth, seen);
  if (seen.has(v)) throw new TemplateRenderError('Circular reference detected');
  seen.add(v);
  const parts = Array.isArray(v)
    ? v.map((x) => dump(x, indent, depth + 1, seen))
    : (v instanceof Map ? Array.from(v.entries()).map(([k, x]) => [String(k), x] as const) : Object.entries(v))
        .filter(([, x]) => typeof x !== 'function')
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, x]) => `${jsonString(k)}: ${dump(x, indent, depth + 1, seen)}`);
  seen.delete(v);
  const [open, close] = Array.isArray(v) ? ['[', ']'] : ['{', '}'];
  if (!parts.length) return open + close;
  if (indent === undefined) return open + parts.join(', ') + close;
  const inner = '\n' + indent.repeat(depth + 1);
  return open + inner + parts.join(',' + inner) + '\n' + indent.repeat(depth) + close;
}

export function toJson(value: unknown, indent?: unknown): string {
  const ind = indent === undefined || indent === null ? undefined : typeof indent === 'number' ? ' '.repeat(indent) : String(indent);
  return dump(value, ind, 0, new Set()).replace(/</g, '\\u003c').replace(/>/g, '\\u003e').replace(/&/g, '\\u0026').replace(/'/g, '\\u0027');
}
