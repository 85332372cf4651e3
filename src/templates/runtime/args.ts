/**
 * nunjucks passes keyword arguments (`f(a, key=1)`) as one trailing object flagged `__keywords: true`.
 * These helpers turn that calling convention into Python-like named parameters.
 */
import { TemplateRenderError } from '../errors.js';
import type { Dict } from './values.js';

export function isKeywords(v: unknown): v is Dict {
  return typeof v === 'object' && v !== null && Object.prototype.hasOwnProperty.call(v, '__keywords');
}

export function splitArgs(args: readonly unknown[]): { pos: unknown[]; kw: Dict } {
  const last = args[args.length - 1];
  if (args.length && isKeywords(last)) {
    const kw: Dict = { ...last };
    delete kw.__keywords;
    return { pos: args.slice(0, -1), kw };
  }
  return { pos: [...args], kw: {} };
}

/**
 * Binds positional and keyword arguments to `params` (name → default, in order), like a Python signature.
 * `params` entries without a default are written with `undefined`.
 */
export function bindArgs(fn: string, args: readonly unknown[], params: [string, unknown][]): unknown[] {
  const { pos, kw } = splitArgs(args);
  if (pos.length > params.length) {
    throw new TemplateRenderError(`${fn}() takes at most ${params.length} arguments (${pos.length} given)`);
  }
  const out = params.map(([, def], i) => (i < pos.length ? pos[i] : def));
  for (const [k, v] of Object.entries(kw)) {
    const i = params.findIndex(([name]) => name === k);
    if (i < 0) throw new TemplateRenderError(`${fn}() got an unexpected keyword argument '${k}'`);
    out[i] = v;
  }
  return out;
}
