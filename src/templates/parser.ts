/**
 * Jinja2's grammar, rule for rule (precedence, tuples, tests binding like filters, `not in`, slices,
 * call arguments with `*args`/`**kwargs`), producing the tree in ast.ts. Statements: for (with `if`,
 * `else`, `recursive`), if/elif/else, set (also block set with filters, tuple targets, `ns.attr`),
 * macro, call, filter, with, block, print, raw, autoescape; include/import/extends parse and fail at
 * render time, as they do in Jinja without a loader.
 */
import type { CallArgs, Expr, MacroArg, Pos, Stmt, Target } from './ast.js';
import { TemplateSyntaxError } from './errors.js';
import type { Token } from './lexer.js';

const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);
const CONST_NAMES: Record<string, boolean | null> = { true: true, false: false, True: true, False: false, none: null, None: null };

function describeToken(t: Token): string {
  if (t.type === 'eof') return 'end of template';
  if (t.type === 'variable_end') return 'end of print statement';
  if (t.type === 'block_end') return 'end of statement block';
  return t.value;
}

export class Parser {
  private i = 0;
  /** Open tag names, for "unexpected end of template" messages. */
  private readonly stack: string[] = [];

  constructor(private readonly tokens: Token[]) {}

  private get cur(): Token {
    return this.tokens[this.i];
  }
  private look(): Token {
    return this.tokens[Math.min(this.i + 1, this.tokens.length - 1)];
  }
  private next(): Token {
    const t = this.tokens[this.i];
    if (t.type !== 'eof') this.i++;
    return t;
  }
  private is(type: Token['type'], value?: string): boolean {
    return this.cur.type === type && (value === undefined || this.cur.value === value);
  }
  private isOp(value: string): boolean {
    return this.is('operator', value);
  }
  private isName(value: string): boolean {
    return this.is('name', value);
  }
  private skipOp(value: string): boolean {
    if (!this.isOp(value)) return false;
    this.next();
    return true;
  }
  private skipName(value: string): boolean {
    if (!this.isName(value)) return false;
    this.next();
    return true;
  }
  fail(msg: string, at: Pos = this.cur): never {
    throw new TemplateSyntaxError(msg, at.line, at.col);
  }
  private expectOp(value: string): Token {
    if (!this.isOp(value)) this.fail(`expected '${value}', got '${describeToken(this.cur)}'`);
    return this.next();
  }
  private expect(type: Token['type'], value?: string): Token {
    if (!this.is(type, value)) {
      if (this.cur.type === 'eof') this.failEof();
      this.fail(`expected ${value ? `'${value}'` : type}, got '${describeToken(this.cur)}'`);
    }
    return this.next();
  }
  private failEof(): never {
    const open = this.stack[this.stack.length - 1];
    this.fail(open ? `Unexpected end of template. Jinja was looking for the end of the '${open}' block.` : 'Unexpected end of template.');
  }
  private pos(t: Token = this.cur): Pos {
    return { line: t.line, col: t.col };
  }

  // ---- templates and statements ----

  parse(): Stmt[] {
    const body = this.subparse(null);
    if (!this.is('eof')) this.fail(`Encountered unknown tag '${this.cur.value}'.`);
    return body;
  }

  /** Body until one of `ends` is the name right after `{%` (left as current token). */
  private subparse(ends: string[] | null): Stmt[] {
    const body: Stmt[] = [];
    let output: Extract<Stmt, { kind: 'output' }>['nodes'] = [];
    const flush = (): void => {
      if (output.length) body.push({ kind: 'output', nodes: output, line: output[0].line, col: output[0].col });
      output = [];
    };
    while (!this.is('eof')) {
      const t = this.cur;
      if (t.type === 'data') {
        this.next();
        output.push({ kind: 'data', value: t.value, line: t.line, col: t.col });
      } else if (t.type === 'variable_begin') {
        this.next();
        output.push(this.parseTuple({ condexpr: true }));
        this.expect('variable_end');
      } else if (t.type === 'block_begin') {
        flush();
        this.next();
        if (ends && this.cur.type === 'name' && ends.includes(this.cur.value)) return body;
        body.push(this.parseStatement());
        this.expect('block_end');
      } else {
        this.fail('internal parser error');
      }
    }
    flush();
    if (ends) this.failEof();
    return body;
  }

  /** After the tag's own arguments: `%}`, the body, and the end tag name (dropped if asked). */
  private parseStatements(tag: string, ends: string[], dropNeedle = false): Stmt[] {
    this.expect('block_end');
    this.stack.push(tag);
    const body = this.subparse(ends);
    this.stack.pop();
    if (dropNeedle) this.next();
    return body;
  }

  private parseStatement(): Stmt {
    const t = this.cur;
    if (t.type !== 'name') this.fail('tag name expected');
    const at = this.pos();
    switch (t.value) {
      case 'for':
        return this.parseFor();
      case 'if':
        return this.parseIf();
      case 'set':
        return this.parseSet();
      case 'macro':
        return this.parseMacro();
      case 'call':
        return this.parseCallBlock();
      case 'filter': {
        this.next();
        const filter = this.parseFilter(null, true);
        return { kind: 'filterblock', filter, body: this.parseStatements('filter', ['endfilter'], true), ...at };
      }
      case 'with':
        return this.parseWith();
      case 'block': {
        this.next();
        const name = this.expect('name').value;
        const scoped = this.skipName('scoped');
        this.skipName('required');
        if (this.isOp('-')) this.fail('Block names in Jinja have to be valid Python identifiers and may not contain hyphens, use an underscore instead.');
        const body = this.parseStatements('block', ['endblock'], true);
        this.skipName(name);
        return { kind: 'block', name, body, scoped, ...at };
      }
      case 'print': {
        this.next();
        const nodes: Expr[] = [];
        while (!this.is('block_end')) {
          if (nodes.length) this.expectOp(',');
          nodes.push(this.parseExpression());
        }
        return { kind: 'output', nodes, ...at };
      }
      case 'autoescape':
        // Rendering it without escaping would silently differ from Jinja: refuse it instead.
        return this.fail('autoescape is not supported: webhook-proxy templates never escape; use the |e filter');
      case 'include':
      case 'import':
      case 'from':
      case 'extends': {
        this.next();
        while (!this.is('block_end') && !this.is('eof')) this.next();
        return { kind: 'unsupported', what: t.value, ...at };
      }
      default:
        return this.fail(`Encountered unknown tag '${t.value}'.`);
    }
  }

  private parseFor(): Stmt {
    const at = this.pos(this.next());
    const target = this.parseAssignTarget({ ends: ['in'] });
    this.expect('name', 'in');
    const iter = this.parseTuple({ condexpr: false, ends: ['recursive'] });
    const test = this.skipName('if') ? this.parseExpression() : null;
    const recursive = this.skipName('recursive');
    const body = this.parseStatements('for', ['endfor', 'else']);
    const else_ = this.next().value === 'endfor' ? [] : this.parseStatements('for', ['endfor'], true);
    return { kind: 'for', target, iter, test, recursive, body, else_, ...at };
  }

  private parseIf(): Stmt {
    const at = this.pos(this.next());
    const test = this.parseTuple({ condexpr: false });
    const body = this.parseStatements('if', ['elif', 'else', 'endif']);
    const tok = this.cur;
    if (tok.value === 'elif') return { kind: 'if', test, body, else_: [this.parseIf()], ...at };
    this.next();
    const else_ = tok.value === 'else' ? this.parseStatements('if', ['endif'], true) : [];
    return { kind: 'if', test, body, else_, ...at };
  }

  private parseSet(): Stmt {
    const at = this.pos(this.next());
    const target = this.parseAssignTarget({ namespace: true });
    if (this.skipOp('=')) return { kind: 'assign', target, node: this.parseTuple({ condexpr: true }), ...at };
    const filter = this.isOp('|') ? this.parseFilter(null, false) : null;
    return { kind: 'assignblock', target, filter, body: this.parseStatements('set', ['endset'], true), ...at };
  }

  private parseSignature(): MacroArg[] {
    const args: MacroArg[] = [];
    this.expectOp('(');
    while (!this.isOp(')')) {
      if (args.length) this.expectOp(',');
      const name = this.expect('name').value;
      if (this.skipOp('=')) args.push({ name, default: this.parseExpression() });
      else if (args.some((a) => a.default)) this.fail('non-default argument follows default argument');
      else args.push({ name, default: null });
    }
    this.expectOp(')');
    return args;
  }

  private parseMacro(): Stmt {
    const at = this.pos(this.next());
    const name = this.expect('name').value;
    const args = this.parseSignature();
    return { kind: 'macro', name, args, body: this.parseStatements('macro', ['endmacro'], true), ...at };
  }

  private parseCallBlock(): Stmt {
    const at = this.pos(this.next());
    const args = this.isOp('(') ? this.parseSignature() : [];
    const call = this.parseExpression();
    if (call.kind !== 'call') this.fail('expected call', at);
    return { kind: 'callblock', call, args, body: this.parseStatements('call', ['endcall'], true), ...at };
  }

  private parseWith(): Stmt {
    const at = this.pos(this.next());
    const targets: Target[] = [];
    const values: Expr[] = [];
    while (!this.is('block_end')) {
      if (targets.length) this.expectOp(',');
      targets.push(this.parseAssignTarget({}));
      this.expectOp('=');
      values.push(this.parseExpression());
    }
    return { kind: 'with', targets, values, body: this.parseStatements('with', ['endwith'], true), ...at };
  }

  private parseAssignTarget(opts: { ends?: string[]; namespace?: boolean }): Target {
    const at = this.pos();
    if (opts.namespace && this.is('name') && this.look().type === 'operator' && this.look().value === '.') {
      const ns = this.next();
      this.next();
      const attr = this.expect('name').value;
      return { kind: 'nsref', node: { kind: 'name', name: ns.value, ...this.pos(ns) }, attr, ...at };
    }
    return this.toTarget(this.parseTuple({ simplified: true, ends: opts.ends }));
  }

  private toTarget(e: Expr): Target {
    if (e.kind === 'name') {
      if (['true', 'false', 'none', 'True', 'False', 'None'].includes(e.name)) this.fail(`Can't assign to '${e.name}'`, e);
      return { kind: 'name', name: e.name, line: e.line, col: e.col };
    }
    if (e.kind === 'tuple') return { kind: 'tuple', items: e.items.map((x) => this.toTarget(x)), line: e.line, col: e.col };
    return this.fail(`can't assign to '${e.kind === 'const' ? 'Const' : e.kind}'`, e);
  }

  // ---- expressions ----

  /** A comma list becomes a tuple: `{{ a, b }}`, `{% set x = 1, 2 %}`, `for k, v in ...`. */
  parseTuple(opts: { simplified?: boolean; condexpr?: boolean; ends?: string[]; explicitParens?: boolean }): Expr {
    const at = this.pos();
    const parse = opts.simplified ? () => this.parsePrimary() : opts.condexpr === false ? () => this.parseOr() : () => this.parseExpression();
    const items: Expr[] = [];
    let isTuple = false;
    for (;;) {
      if (items.length) this.expectOp(',');
      if (this.is('variable_end') || this.is('block_end') || this.isOp(')') || (opts.ends && this.cur.type === 'name' && opts.ends.includes(this.cur.value))) break;
      items.push(parse());
      if (this.isOp(',')) isTuple = true;
      else break;
    }
    if (!isTuple) {
      if (items.length) return items[0];
      if (!opts.explicitParens) this.fail(`Expected an expression, got '${describeToken(this.cur)}'`);
    }
    return { kind: 'tuple', items, ...at };
  }

  parseExpression(): Expr {
    return this.parseCondExpr();
  }

  private parseCondExpr(): Expr {
    let expr1 = this.parseOr();
    while (this.isName('if')) {
      const at = this.pos(this.next());
      const test = this.parseOr();
      const expr2 = this.skipName('else') ? this.parseCondExpr() : null;
      expr1 = { kind: 'condexpr', test, expr1, expr2, ...at };
    }
    return expr1;
  }

  private parseOr(): Expr {
    let left = this.parseAnd();
    while (this.isName('or')) {
      const at = this.pos(this.next());
      left = { kind: 'or', left, right: this.parseAnd(), ...at };
    }
    return left;
  }

  private parseAnd(): Expr {
    let left = this.parseNot();
    while (this.isName('and')) {
      const at = this.pos(this.next());
      left = { kind: 'and', left, right: this.parseNot(), ...at };
    }
    return left;
  }

  private parseNot(): Expr {
    if (this.isName('not')) {
      const at = this.pos(this.next());
      return { kind: 'unary', op: 'not', node: this.parseNot(), ...at };
    }
    return this.parseCompare();
  }

  private parseCompare(): Expr {
    const at = this.pos();
    const expr = this.parseMath1();
    const ops: [string, Expr][] = [];
    for (;;) {
      if (this.cur.type === 'operator' && COMPARE_OPS.has(this.cur.value)) {
        const op = this.next().value;
        ops.push([op, this.parseMath1()]);
      } else if (this.skipName('in')) {
        ops.push(['in', this.parseMath1()]);
      } else if (this.isName('not') && this.look().type === 'name' && this.look().value === 'in') {
        this.next();
        this.next();
        ops.push(['notin', this.parseMath1()]);
      } else break;
    }
    return ops.length ? { kind: 'compare', expr, ops, ...at } : expr;
  }

  private parseMath1(): Expr {
    let left = this.parseConcat();
    while (this.isOp('+') || this.isOp('-')) {
      const t = this.next();
      left = { kind: 'binop', op: t.value as '+' | '-', left, right: this.parseConcat(), ...this.pos(t) };
    }
    return left;
  }

  private parseConcat(): Expr {
    let left = this.parseMath2();
    while (this.isOp('~')) {
      const t = this.next();
      left = { kind: 'binop', op: '~', left, right: this.parseMath2(), ...this.pos(t) };
    }
    return left;
  }

  /** `*`, `/`, `//`, `%` share one level and group left to right, as in Python. */
  private parseMath2(): Expr {
    let left = this.parsePow();
    while (this.isOp('*') || this.isOp('/') || this.isOp('//') || this.isOp('%')) {
      const t = this.next();
      left = { kind: 'binop', op: t.value as '*', left, right: this.parsePow(), ...this.pos(t) };
    }
    return left;
  }

  private parsePow(): Expr {
    let left = this.parseUnary(true);
    while (this.isOp('**')) {
      const t = this.next();
      left = { kind: 'binop', op: '**', left, right: this.parseUnary(true), ...this.pos(t) };
    }
    return left;
  }

  private parseUnary(withFilter: boolean): Expr {
    const at = this.pos();
    let node: Expr;
    if (this.skipOp('-')) node = { kind: 'unary', op: 'neg', node: this.parseUnary(false), ...at };
    else if (this.skipOp('+')) node = { kind: 'unary', op: 'pos', node: this.parseUnary(false), ...at };
    else node = this.parsePrimary();
    node = this.parsePostfix(node);
    return withFilter ? this.parseFilterExpr(node) : node;
  }

  private parsePrimary(): Expr {
    const t = this.cur;
    const at = this.pos(t);
    if (t.type === 'name') {
      this.next();
      if (Object.prototype.hasOwnProperty.call(CONST_NAMES, t.value)) return { kind: 'const', value: CONST_NAMES[t.value], ...at };
      return { kind: 'name', name: t.value, ...at };
    }
    if (t.type === 'string') {
      let value = this.next().value;
      while (this.is('string')) value += this.next().value;
      return { kind: 'const', value, ...at };
    }
    if (t.type === 'integer' || t.type === 'float') {
      this.next();
      return { kind: 'const', value: t.num as number | bigint, float: t.type === 'float', ...at };
    }
    if (this.skipOp('(')) {
      const node = this.parseTuple({ explicitParens: true });
      this.expectOp(')');
      return node;
    }
    if (this.isOp('[')) return this.parseList();
    if (this.isOp('{')) return this.parseDict();
    return this.fail(`unexpected '${describeToken(t)}'`);
  }

  private parseList(): Expr {
    const at = this.pos(this.next());
    const items: Expr[] = [];
    while (!this.isOp(']')) {
      if (items.length) this.expectOp(',');
      if (this.isOp(']')) break;
      items.push(this.parseExpression());
    }
    this.expectOp(']');
    return { kind: 'list', items, ...at };
  }

  private parseDict(): Expr {
    const at = this.pos(this.next());
    const items: [Expr, Expr][] = [];
    while (!this.isOp('}')) {
      if (items.length) this.expectOp(',');
      if (this.isOp('}')) break;
      const key = this.parseExpression();
      this.expectOp(':');
      items.push([key, this.parseExpression()]);
    }
    this.expectOp('}');
    return { kind: 'dict', items, ...at };
  }

  private parsePostfix(node: Expr): Expr {
    for (;;) {
      if (this.isOp('.') || this.isOp('[')) node = this.parseSubscript(node);
      else if (this.isOp('(')) node = this.parseCall(node);
      else return node;
    }
  }

  private parseFilterExpr(node: Expr): Expr {
    for (;;) {
      if (this.isOp('|')) node = this.parseFilter(node, false);
      else if (this.isName('is')) node = this.parseTest(node);
      else if (this.isOp('(')) node = this.parseCall(node);
      else return node;
    }
  }

  private parseSubscript(node: Expr): Expr {
    const t = this.next();
    const at = this.pos(t);
    if (t.value === '.') {
      const attr = this.next();
      if (attr.type === 'name') return { kind: 'getattr', node, attr: attr.value, ...at };
      if (attr.type !== 'integer') this.fail('expected name or number', attr);
      return { kind: 'getitem', node, arg: { kind: 'const', value: attr.num as number, ...this.pos(attr) }, ...at };
    }
    const args: Expr[] = [];
    while (!this.isOp(']')) {
      if (args.length) this.expectOp(',');
      args.push(this.parseSubscribed(node));
    }
    this.expectOp(']');
    if (args.length === 1) {
      const a = args[0];
      if (a.kind === 'slice') return a;
      return { kind: 'getitem', node, arg: a, ...at };
    }
    return { kind: 'getitem', node, arg: { kind: 'tuple', items: args, ...at }, ...at };
  }

  /** One subscript: an expression or a slice `a:b:c` (returned as a slice node on `target`). */
  private parseSubscribed(target: Expr): Expr {
    const at = this.pos();
    const parts: (Expr | null)[] = [];
    if (this.skipOp(':')) parts.push(null);
    else {
      const node = this.parseExpression();
      if (!this.isOp(':')) return node;
      this.next();
      parts.push(node);
    }
    if (this.isOp(':') || this.isOp(']') || this.isOp(',')) parts.push(null);
    else parts.push(this.parseExpression());
    if (this.skipOp(':')) parts.push(this.isOp(']') || this.isOp(',') ? null : this.parseExpression());
    else parts.push(null);
    return { kind: 'slice', node: target, start: parts[0], stop: parts[1], step: parts[2], ...at };
  }

  private parseCallArgs(): CallArgs {
    const open = this.expectOp('(');
    const out: CallArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    const ensure = (ok: boolean): void => {
      if (!ok) this.fail('invalid syntax for function call expression', open);
    };
    let requireComma = false;
    while (!this.isOp(')')) {
      if (requireComma) {
        this.expectOp(',');
        if (this.isOp(')')) break;
      }
      if (this.skipOp('*')) {
        ensure(out.dynArgs === null && out.dynKwargs === null);
        out.dynArgs = this.parseExpression();
      } else if (this.skipOp('**')) {
        ensure(out.dynKwargs === null);
        out.dynKwargs = this.parseExpression();
      } else if (this.is('name') && this.look().type === 'operator' && this.look().value === '=') {
        ensure(out.dynKwargs === null);
        const key = this.next().value;
        this.next();
        out.kwargs.push([key, this.parseExpression()]);
      } else {
        ensure(out.dynArgs === null && out.dynKwargs === null && !out.kwargs.length);
        out.args.push(this.parseExpression());
      }
      requireComma = true;
    }
    this.expectOp(')');
    return out;
  }

  private parseCall(node: Expr): Expr {
    const at = this.pos();
    return { kind: 'call', node, ...this.parseCallArgs(), ...at };
  }

  private dottedName(): string {
    let name = this.expect('name').value;
    while (this.isOp('.')) {
      this.next();
      name += '.' + this.expect('name').value;
    }
    return name;
  }

  /** `|name(args)` chain; `startInline`: the first filter has no leading pipe (filter blocks). */
  private parseFilter(node: Expr | null, startInline: boolean): Expr {
    let result = node;
    while (this.isOp('|') || startInline) {
      if (!startInline) this.next();
      startInline = false;
      const at = this.pos();
      const name = this.dottedName();
      const args: CallArgs = this.isOp('(') ? this.parseCallArgs() : { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
      result = { kind: 'filter', node: result, name, ...args, ...at };
    }
    return result as Expr;
  }

  private parseTest(node: Expr): Expr {
    const at = this.pos(this.next());
    const negated = this.skipName('not');
    const name = this.dottedName();
    let args: CallArgs = { args: [], kwargs: [], dynArgs: null, dynKwargs: null };
    if (this.isOp('(')) args = this.parseCallArgs();
    else if (
      (['name', 'string', 'integer', 'float'].includes(this.cur.type) || this.isOp('(') || this.isOp('[') || this.isOp('{')) &&
      !(this.isName('else') || this.isName('or') || this.isName('and'))
    ) {
      if (this.isName('is')) this.fail('You cannot chain multiple tests with is');
      args.args = [this.parsePostfix(this.parsePrimary())];
    }
    const test: Expr = { kind: 'test', node, name, ...args, ...at };
    return negated ? { kind: 'unary', op: 'not', node: test, ...at } : test;
  }
}
