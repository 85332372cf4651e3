/** Scopes, `for` loops (with Jinja's `loop` object) and macros, for the code codegen.ts generates. */
import { TemplateRenderError } from '../errors.js';
import { splitArgs } from './args.js';
import { iterate } from './ops.js';
import { makeTuple, pyEquals, truthy as truthyOf, type Dict } from './values.js';

/** A scope: own properties are the names assigned in it; reads fall through to the parent. */
export type Scope = Dict;

export interface ContextLike {
  ctx: Dict;
  env: { globals: Dict };
}

const own = (o: object, k: string): boolean => Object.prototype.hasOwnProperty.call(o, k);

export function rootScope(): Scope {
  return Object.create(null) as Scope;
}

export function scope(parent: Scope): Scope {
  return Object.create(parent) as Scope;
}

/** A name: assigned in this scope chain, else the render context, else a global. */
export function lookup(context: ContextLike, s: Scope, name: string): unknown {
  if (name in s) return s[name];
  if (own(context.ctx, name)) return context.ctx[name];
  const globals = context.env.globals;
  return own(globals, name) ? globals[name] : undefined;
}

type Body = (s: Scope) => string;
type Bind = (s: Scope, value: unknown) => void;

/** Jinja's `loop`: index, revindex, first/last, length, previtem/nextitem, depth, cycle(), changed(). */
function loopObject(items: readonly unknown[], i: number, depth: number, lastChanged: { value?: unknown[] }): Dict {
  const length = items.length;
  return {
    index: i + 1,
    index0: i,
    revindex: length - i,
    revindex0: length - i - 1,
    first: i === 0,
    last: i === length - 1,
    length,
    depth,
    depth0: depth - 1,
    previtem: i > 0 ? items[i - 1] : undefined,
    nextitem: i < length - 1 ? items[i + 1] : undefined,
    cycle: (...args: unknown[]) => {
      if (!args.length) throw new TemplateRenderError('no items for cycling given');
      return args[i % args.length];
    },
    changed: (...args: unknown[]) => {
      if (lastChanged.value !== undefined && pyEquals(lastChanged.value, args)) return false;
      lastChanged.value = args;
      return true;
    },
  };
}

/**
 * `{% for target in iter [if test] [recursive] %}body{% else %}else_{% endfor %}`: `if` filters first
 * (so loop.* and else see only kept items); each iteration runs in a fresh child scope of `outer`.
 */
export function forLoop(outer: Scope, iter: unknown, bind: Bind, body: Body, else_: Body | null, test: ((s: Scope) => unknown) | null, recursive: boolean, depth = 1): string {
  let items = iterate(iter);
  if (test) {
    items = items.filter((item) => {
      const s = scope(outer);
      bind(s, item);
      return truthyOf(test(s));
    });
  }
  if (!items.length) return else_ ? else_(scope(outer)) : '';
  const changed: { value?: unknown[] } = {};
  let out = '';
  for (let i = 0; i < items.length; i++) {
    const s = scope(outer);
    bind(s, items[i]);
    const info = loopObject(items, i, depth, changed);
    if (recursive) {
      const again = (children: unknown): string => forLoop(outer, children, bind, body, else_, test, true, depth + 1);
      for (const [k, v] of Object.entries(info)) Object.defineProperty(again, k, { value: v, enumerable: true });
      s.loop = again;
    } else {
      s.loop = info;
    }
    out += body(s);
  }
  return out;
}

interface MacroFlags {
  varargs: boolean;
  kwargs: boolean;
  caller: boolean;
}

/**
 * A macro: a function taking Jinja's arguments (positional, keywords, defaults evaluated at call time
 * in the macro's scope, `varargs`/`kwargs` when the body reads them, `caller` for call blocks).
 * Its scope's parent is the scope it was defined in, so it sees that scope's names at call time.
 */
export function macro(defScope: Scope, name: string, params: string[], defaults: (((s: Scope) => unknown) | null)[], flags: MacroFlags, body: Body): (...args: unknown[]) => string {
  const fn = (...args: unknown[]): string => {
    const { pos, kw } = splitArgs(args);
    const s = scope(defScope);
    if (pos.length > params.length && !flags.varargs) {
      throw new TemplateRenderError(`macro '${name}' takes not more than ${params.length} argument(s)`);
    }
    const extraKw: Dict = {};
    for (const k of Object.keys(kw)) {
      if (params.includes(k)) {
        if (params.indexOf(k) < pos.length) throw new TemplateRenderError(`macro '${name}' got multiple values for argument '${k}'`);
      } else if (k === 'caller' && flags.caller) {
        continue;
      } else if (!flags.kwargs) {
        throw new TemplateRenderError(`macro '${name}' takes no keyword argument '${k}'`);
      } else {
        extraKw[k] = kw[k];
      }
    }
    params.forEach((p, i) => {
      if (i < pos.length) s[p] = pos[i];
      else if (own(kw, p)) s[p] = kw[p];
      else {
        const d = defaults[i];
        s[p] = d ? d(s) : undefined;
      }
    });
    if (flags.varargs) s.varargs = makeTuple(pos.slice(params.length));
    if (flags.kwargs) s.kwargs = extraKw;
    if (flags.caller) s.caller = kw.caller;
    return body(s);
  };
  // defineProperty, not assignment: `arguments` and `caller` are accessors on Function.prototype.
  const attrs: Dict = { name, arguments: makeTuple([...params]), catch_kwargs: flags.kwargs, catch_varargs: flags.varargs, caller: flags.caller };
  for (const [k, v] of Object.entries(attrs)) Object.defineProperty(fn, k, { value: v, enumerable: true });
  return fn;
}

/** Call arguments with `*args` / `**kwargs` spread, in the trailing-`__keywords` convention. */
export function callArgs(pos: unknown[], dynArgs: unknown, kw: Dict, dynKw: unknown): unknown[] {
  const all = dynArgs === null ? pos : [...pos, ...iterate(dynArgs)];
  const kws: Dict = { ...kw };
  if (dynKw !== null) {
    if (typeof dynKw !== 'object' || dynKw === undefined) throw new TemplateRenderError('argument after ** must be a mapping');
    Object.assign(kws, dynKw);
  }
  return Object.keys(kws).length ? [...all, { ...kws, __keywords: true }] : all;
}

export function noLoader(what: string): never {
  throw new TemplateRenderError(`no loader for this environment specified (${what})`);
}
