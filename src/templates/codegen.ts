/**
 * Generates the JavaScript of a template from the tree in ast.ts: the function body nunjucks' Template
 * runs (`function root(env, context, frame, runtime, cb) {...} return { root: root };`), calling the
 * run-time helpers `env.jinja.*` (jinja-runtime.ts) for every Python semantic. Runs at load time (Node)
 * or build time (Workers); nothing here runs per request.
 *
 * Scoping follows Jinja: names live in scope objects chained to their parent (`Object.create`), the
 * template's root scope falls back to the render context and the globals; every `for` iteration,
 * macro call, `with` and block body gets a fresh child scope, so a `set` there never leaks out (nor
 * into the next iteration), while `if` bodies share their enclosing scope.
 */
import type { CallArgs, Expr, MacroArg, Stmt, Target } from './ast.js';
import { TemplateSyntaxError } from './errors.js';

export interface SyntaxOptions {
  filters: ReadonlySet<string>;
  tests: ReadonlySet<string>;
}

const q = (s: string): string => JSON.stringify(s);
const J = 'J.';

/** Short description of an expression, for "'x.y' is undefined" messages. */
function describe(e: Expr): string {
  switch (e.kind) {
    case 'name':
      return e.name;
    case 'getattr':
      return `${describe(e.node)}.${e.attr}`;
    case 'getitem':
      return e.arg.kind === 'const' ? `${describe(e.node)}[${JSON.stringify(typeof e.arg.value === 'bigint' ? String(e.arg.value) : e.arg.value)}]` : `${describe(e.node)}[...]`;
    case 'call':
      return `${describe(e.node)}()`;
    case 'const':
      return typeof e.value === 'bigint' ? String(e.value) : JSON.stringify(e.value);
    default:
      return 'expression';
  }
}

/** Does `body` read one of `names` (for macros: `caller`, `varargs`, `kwargs`)? */
function readsName(node: unknown, name: string): boolean {
  if (Array.isArray(node)) return node.some((n) => readsName(n, name));
  if (typeof node !== 'object' || node === null) return false;
  const n = node as { kind?: string; name?: string };
  if (n.kind === 'name' && n.name === name) return true;
  return Object.values(node).some((v) => typeof v === 'object' && readsName(v, name));
}

export class CodeGen {
  private code: string[] = [];
  private ids = 0;

  constructor(private readonly options: SyntaxOptions) {}

  private id(prefix: string): string {
    return `${prefix}${++this.ids}`;
  }

  private emit(line: string): void {
    this.code.push(line);
  }

  private fail(msg: string, at: { line: number; col: number }): never {
    throw new TemplateSyntaxError(msg, at.line, at.col);
  }

  generate(body: Stmt[]): string {
    this.emit('function root(env, context, frame, runtime, cb) {');
    this.emit('var J = env.jinja;');
    this.emit('var out = "";');
    this.emit('try {');
    this.emit('var s0 = J.rootScope(context);');
    this.statements(body, 's0');
    this.emit('} catch (e) { cb(e); return; }');
    this.emit('cb(null, out);');
    this.emit('}');
    this.emit('return { root: root };');
    return this.code.join('\n');
  }

  /** A function `(scope) => string` rendering `body` into its own buffer. */
  private bodyFunction(body: Stmt[], extraParams = ''): string {
    const s = this.id('s');
    const saved = this.code;
    this.code = [];
    this.emit(`function (${s}${extraParams}) {`);
    this.emit('var out = "";');
    this.statements(body, s);
    this.emit('return out;');
    this.emit('}');
    const fn = this.code.join('\n');
    this.code = saved;
    return fn;
  }

  private statements(body: Stmt[], s: string): void {
    for (const st of body) this.statement(st, s);
  }

  private statement(st: Stmt, s: string): void {
    switch (st.kind) {
      case 'output':
        for (const n of st.nodes) {
          if (n.kind === 'data') this.emit(`out += ${q(n.value)};`);
          else this.emit(`out += ${J}str(${this.expr(n, s)});`);
        }
        return;
      case 'if':
        this.emit(`if (${J}truthy(${this.expr(st.test, s)})) {`);
        this.statements(st.body, s);
        if (st.else_.length) {
          this.emit('} else {');
          this.statements(st.else_, s);
        }
        this.emit('}');
        return;
      case 'for': {
        const bind = this.binder(st.target);
        const ts = this.id('s');
        const test = st.test ? `function (${ts}) { return ${this.expr(st.test, ts)}; }` : 'null';
        const body = this.bodyFunction(st.body);
        const else_ = st.else_.length ? this.bodyFunction(st.else_) : 'null';
        this.emit(`out += ${J}forLoop(${s}, ${this.expr(st.iter, s)}, ${bind}, ${body}, ${else_}, ${test}, ${st.recursive});`);
        return;
      }
      case 'assign':
        this.assign(st.target, this.expr(st.node, s), s);
        return;
      case 'assignblock': {
        const body = `(${this.bodyFunction(st.body)})(${J}scope(${s}))`;
        this.assign(st.target, st.filter ? this.expr(st.filter, s, body) : body, s);
        return;
      }
      case 'macro':
        this.emit(`${s}[${q(st.name)}] = ${this.macro(st.name, st.args, st.body, s)};`);
        return;
      case 'callblock': {
        if (st.call.kind !== 'call') return;
        const caller = this.macro('caller', st.args, st.body, s);
        this.emit(`out += ${J}str(${this.call(st.call, s, `caller: ${caller}`)});`);
        return;
      }
      case 'filterblock': {
        const body = `(${this.bodyFunction(st.body)})(${J}scope(${s}))`;
        this.emit(`out += ${J}str(${this.expr(st.filter, s, body)});`);
        return;
      }
      case 'with': {
        const inner = this.id('s');
        const values = st.values.map((v) => this.expr(v, s));
        this.emit(`var ${inner} = ${J}scope(${s});`);
        st.targets.forEach((t, i) => this.assign(t, values[i], inner));
        this.statements(st.body, inner);
        return;
      }
      case 'block':
        this.emit(`out += (${this.bodyFunction(st.body)})(${J}scope(${st.scoped ? s : 's0'}));`);
        return;
      case 'unsupported':
        this.emit(`${J}noLoader(${q(st.what)});`);
        return;
    }
  }

  /** `function (scope, value)` binding a loop target. */
  private binder(target: Target): string {
    const s = this.id('s');
    const v = this.id('v');
    const saved = this.code;
    this.code = [];
    this.assign(target, v, s);
    const body = this.code.join(' ');
    this.code = saved;
    return `function (${s}, ${v}) { ${body} }`;
  }

  private assign(target: Target, value: string, s: string): void {
    if (target.kind === 'name') {
      this.emit(`${s}[${q(target.name)}] = ${value};`);
    } else if (target.kind === 'nsref') {
      this.emit(`${J}setattr(${this.expr(target.node, s)}, ${q(target.attr)}, ${value});`);
    } else {
      const tmp = this.id('t');
      this.emit(`var ${tmp} = ${J}unpack(${value}, ${target.items.length});`);
      target.items.forEach((t, i) => this.assign(t, `${tmp}[${i}]`, s));
    }
  }

  private macro(name: string, args: MacroArg[], body: Stmt[], s: string): string {
    const defaults = args.map((a) => {
      if (!a.default) return 'null';
      const ds = this.id('s');
      return `function (${ds}) { return ${this.expr(a.default, ds)}; }`;
    });
    const flags = {
      varargs: readsName(body, 'varargs'),
      kwargs: readsName(body, 'kwargs'),
      caller: readsName(body, 'caller'),
    };
    return `${J}macro(${s}, ${q(name)}, ${JSON.stringify(args.map((a) => a.name))}, [${defaults.join(', ')}], ${JSON.stringify(flags)}, ${this.bodyFunction(body)})`;
  }

  private args(c: CallArgs, s: string, extraKw = ''): string {
    const pos = c.args.map((a) => this.expr(a, s)).join(', ');
    const kw = [...c.kwargs.map(([k, v]) => `${q(k)}: ${this.expr(v, s)}`), ...(extraKw ? [extraKw] : [])].join(', ');
    if (!c.dynArgs && !c.dynKwargs && !kw) return `[${pos}]`;
    const kwObj = `{${kw}}`;
    return `${J}args([${pos}], ${c.dynArgs ? this.expr(c.dynArgs, s) : 'null'}, ${kwObj}, ${c.dynKwargs ? this.expr(c.dynKwargs, s) : 'null'})`;
  }

  private call(e: Expr & { kind: 'call' }, s: string, extraKw = ''): string {
    return `${J}call(${this.expr(e.node, s)}, ${q(describe(e.node))}, ${this.args(e, s, extraKw)})`;
  }

  /** JavaScript for an expression; `hole` is the value a filter with no operand applies to. */
  expr(e: Expr, s: string, hole?: string): string {
    switch (e.kind) {
      case 'const':
        if (e.value === null) return 'null';
        if (typeof e.value === 'bigint') return `${e.value}n`;
        if (typeof e.value === 'number') return String(e.value);
        return typeof e.value === 'string' ? q(e.value) : String(e.value);
      case 'name':
        return `${J}lookup(context, ${s}, ${q(e.name)})`;
      case 'getattr':
        return `${J}attr(${this.expr(e.node, s, hole)}, ${q(e.attr)}, true, ${q(describe(e.node))})`;
      case 'getitem':
        return `${J}attr(${this.expr(e.node, s, hole)}, ${this.expr(e.arg, s, hole)}, false, ${q(describe(e.node))})`;
      case 'slice': {
        const part = (p: Expr | null): string => (p ? this.expr(p, s, hole) : 'null');
        return `${J}slice(${this.expr(e.node, s, hole)}, ${part(e.start)}, ${part(e.stop)}, ${part(e.step)}, ${q(describe(e.node))})`;
      }
      case 'call':
        return this.call(e, s);
      case 'filter': {
        if (!this.options.filters.has(e.name)) this.fail(`No filter named '${e.name}'.`, e);
        const value = e.node ? this.expr(e.node, s, hole) : hole;
        if (value === undefined) this.fail('filter without a value', e);
        return `${J}filter(${q(e.name)}, ${value}, ${this.args(e, s)})`;
      }
      case 'test':
        if (!this.options.tests.has(e.name)) this.fail(`No test named '${e.name}'.`, e);
        return `${J}test(${q(e.name)}, ${this.expr(e.node, s, hole)}, ${this.args(e, s)})`;
      case 'binop': {
        const fn = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '//': 'floorDiv', '%': 'mod', '**': 'pow', '~': 'concat' }[e.op];
        return `${J}${fn}(${this.expr(e.left, s, hole)}, ${this.expr(e.right, s, hole)})`;
      }
      case 'unary':
        if (e.op === 'not') return `!${J}truthy(${this.expr(e.node, s, hole)})`;
        return `${J}${e.op}(${this.expr(e.node, s, hole)})`;
      case 'and':
      case 'or':
        return `${J}${e.kind}(${this.expr(e.left, s, hole)}, function () { return ${this.expr(e.right, s, hole)}; })`;
      case 'compare': {
        const ops = e.ops.map(([op, x]) => `[${q(op)}, function () { return ${this.expr(x, s, hole)}; }]`);
        return `${J}compareChain(${this.expr(e.expr, s, hole)}, [${ops.join(', ')}])`;
      }
      case 'condexpr':
        return `(${J}truthy(${this.expr(e.test, s, hole)}) ? ${this.expr(e.expr1, s, hole)} : ${e.expr2 ? this.expr(e.expr2, s, hole) : `${J}missing()`})`;
      case 'tuple':
        return `${J}tuple([${e.items.map((x) => this.expr(x, s, hole)).join(', ')}])`;
      case 'list':
        return `[${e.items.map((x) => this.expr(x, s, hole)).join(', ')}]`;
      case 'dict':
        return `${J}dict([${e.items.map(([k, v]) => `[${this.expr(k, s, hole)}, ${this.expr(v, s, hole)}]`).join(', ')}])`;
    }
  }
}
