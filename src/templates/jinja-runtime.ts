/**
 * Run-time half of the Jinja layer: the helpers compiled templates call (`env.jinja.*`), Jinja's filters,
 * tests and globals. It only touches an Environment instance, never nunjucks' module-level runtime, so
 * it applies equally to full nunjucks and to the slim runtime (`nunjucks/browser/nunjucks-slim.js`)
 * used with precompiled templates on Cloudflare Workers. No code generation happens here.
 */
import { TemplateRenderError } from './errors.js';
import { bindArgs, splitArgs } from './runtime/args.js';
import { callArgs, forLoop, lookup, macro, noLoader, rootScope, scope } from './runtime/control.js';
import { createFilters, type Filter, type Lookups, type Test } from './runtime/filters.js';
import { callFunction, getAttr, getSlice, Namespace, setAttr } from './runtime/lookup.js';
import { MAX_REPEAT } from './runtime/ops.js';
import * as ops from './runtime/ops.js';
import { createTests } from './runtime/tests.js';
import { makeDict, makeTuple, truthy, type Dict } from './runtime/values.js';
import { toText } from './to-text.js';

/** The parts of a nunjucks Environment (full or slim) this module uses. */
export interface EnvironmentLike {
  opts: { autoescape?: boolean; dev?: boolean };
  filters: Record<string, unknown>;
  tests: Record<string, unknown>;
  globals: Record<string, unknown>;
  jinja?: JinjaHelpers;
}

function pyRange(...args: unknown[]): number[] {
  if (splitArgs(args).pos.length !== args.length) throw new TemplateRenderError('range() takes no keyword arguments');
  if (!args.length || args.length > 3) throw new TemplateRenderError(`range expected at most 3 arguments, got ${args.length}`);
  const [start, stop, step] = args.length === 1 ? [0, Number(args[0]), 1] : [Number(args[0]), Number(args[1]), args[2] === undefined ? 1 : Number(args[2])];
  if (step === 0) throw new TemplateRenderError('range() arg 3 must not be zero');
  if ((stop - start) / step > MAX_REPEAT) throw new TemplateRenderError(`range() too large (over ${MAX_REPEAT} items)`);
  const out: number[] = [];
  for (let i = start; step > 0 ? i < stop : i > stop; i += step) out.push(i);
  return out;
}

const LOREM = 'lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna aliqua'.split(' ');

/** Jinja's lipsum(n=5, html=True, min=20, max=100): placeholder paragraphs (ours are not random). */
function lipsum(...args: unknown[]): string {
  const [n, html, min] = bindArgs('lipsum', args, [
    ['n', 5],
    ['html', true],
    ['min', 20],
    ['max', 100],
  ]);
  const paragraphs: string[] = [];
  for (let p = 0; p < Number(n); p++) {
    const words = Array.from({ length: Number(min) }, (_, i) => LOREM[(i + p) % LOREM.length]);
    const text = words.join(' ');
    paragraphs.push(text.charAt(0).toUpperCase() + text.slice(1) + '.');
  }
  return truthy(html) ? paragraphs.map((p) => `<p>${p}</p>`).join('\n') : paragraphs.join('\n\n');
}

/** Jinja globals (`range`, `dict`, `namespace`); nunjucks' own cycler/joiner stay available. */
const GLOBALS: Dict = {
  range: pyRange,
  lipsum,
  dict: (...args: unknown[]) => {
    const { pos, kw } = splitArgs(args);
    return Object.assign({}, ...pos.filter((p) => typeof p === 'object'), kw);
  },
  namespace: (...args: unknown[]) => {
    const { pos, kw } = splitArgs(args);
    return new Namespace(Object.assign({}, ...pos.filter((p) => typeof p === 'object'), kw));
  },
};

function makeHelpers(env: EnvironmentLike) {
  return {
    rootScope,
    scope,
    lookup,
    forLoop,
    macro,
    args: callArgs,
    noLoader,
    attr: getAttr,
    slice: getSlice,
    call: callFunction,
    setattr: setAttr,
    str: toText,
    truthy,
    tuple: makeTuple,
    dict: makeDict,
    missing: (): undefined => undefined,
    filter(name: string, value: unknown, args: unknown[]): unknown {
      return (env.filters[name] as Filter)(value, ...args);
    },
    test(name: string, value: unknown, args: unknown[]): boolean {
      return (env.tests[name] as Test)(value, ...args) === true;
    },
    ...ops,
  };
}
export type JinjaHelpers = ReturnType<typeof makeHelpers>;

/** Filter and test names, for the compile-time "No filter named ..." check. */
const noLookups: Lookups = {
  filter: () => {
    throw new Error('unreachable');
  },
  test: () => {
    throw new Error('unreachable');
  },
};
export const FILTER_NAMES: ReadonlySet<string> = new Set(Object.keys(createFilters(noLookups)));
export const TEST_NAMES: ReadonlySet<string> = new Set(
  Object.keys(
    createTests(
      () => false,
      () => false,
    ),
  ),
);

/** Makes `env` render Jinja: no autoescape, Jinja filters/tests/globals, the `env.jinja` helpers. */
export function installJinjaRuntime<E extends EnvironmentLike>(env: E): E {
  env.opts.autoescape = false;
  // dev mode keeps nunjucks from replacing a render error by a copy without its cause (see template.ts).
  env.opts.dev = true;
  const lookups: Lookups = {
    filter: (name) => {
      const f = env.filters[name];
      if (typeof f !== 'function') throw new TemplateRenderError(`No filter named '${name}'`);
      return f as Filter;
    },
    test: (name) => {
      const t = env.tests[name];
      if (typeof t !== 'function') throw new TemplateRenderError(`No test named '${name}'`);
      return t as Test;
    },
  };
  env.filters = createFilters(lookups);
  env.tests = createTests(
    (n) => Object.prototype.hasOwnProperty.call(env.filters, n),
    (n) => Object.prototype.hasOwnProperty.call(env.tests, n),
  );
  Object.assign(env.globals, GLOBALS);
  env.jinja = makeHelpers(env);
  return env;
}
