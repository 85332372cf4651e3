/**
 * Compile-time half of the Jinja layer: a nunjucks Parser and Compiler subclass that accept Jinja2
 * syntax nunjucks gets wrong and emit code calling the run-time helpers (`env.jinja.*`, see
 * jinja-runtime.ts) instead of nunjucks' JavaScript semantics. Needs full nunjucks; nothing here runs
 * per request. Subclassing (not patching prototypes) leaves any other nunjucks user in the process alone.
 *
 * Jinja syntax handled here: `for x in items if cond` (with loop/else counting only kept items),
 * tuples `(a, b)` and `(a,)`, slices `s[1:-1:2]`, `x is test arg`, chained `a if b else c if d else e`,
 * `True/False/None`, `{% set ns.attr = v %}`, `{% set a, b = pair %}`, expression dict keys, and one
 * trailing newline of the source dropped (keep_trailing_newline=False) with newlines normalised to \n.
 */
import nunjucks from 'nunjucks';
import { TemplateSyntaxError } from './errors.js';

/* nunjucks' parser/compiler internals are untyped: `Node` is the narrowest honest type for its AST. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Node = any;
interface Token {
  type: string;
  value: string;
  lineno: number;
  colno: number;
}
interface CompileFrame {
  lookup(name: string): string | undefined;
  set(name: string, id: string): void;
  push(isolate?: boolean): CompileFrame;
}
interface NodeClass {
  new (lineno: number, colno: number, ...fields: unknown[]): Node;
  extend(name: string, props: { fields: string[] }): NodeClass;
}
interface ParserBase {
  new (tokens: unknown): ParserBase;
  tokens: unknown;
  peekToken(): Token;
  nextToken(withWhitespace?: boolean): Token;
  pushToken(tok: Token): void;
  skip(type: string): boolean;
  skipSymbol(value: string): boolean;
  skipValue(type: string, value: string): boolean;
  expect(type: string): Token;
  fail(msg: string, lineno?: number, colno?: number): never;
  parseExpression(): Node;
  parseOr(): Node;
  parseCompare(): Node;
  parsePrimary(noPostfix?: boolean): Node;
  parsePostfix(node: Node): Node;
  parseSignature(tolerant?: boolean, noParens?: boolean): Node;
  parseUntilBlocks(...names: string[]): Node;
  advanceAfterBlockEnd(name?: string): Token;
  parseFor(): Node;
  parseAsRoot(): Node;
}
interface CompilerBase {
  new (name: string | undefined, throwOnUndefined: boolean): CompilerBase;
  buffer: string;
  fail(msg: string, lineno?: number, colno?: number): never;
  compile(node: Node, frame?: CompileFrame): void;
  _emit(code: string): void;
  _emitLine(code: string): void;
  _tmpid(): string;
  _compileExpression(node: Node, frame: CompileFrame): void;
  _compileAggregate(node: Node, frame: CompileFrame, start?: string, end?: string): void;
  _withScopedSyntax(fn: () => void): void;
  assertType(node: Node, ...types: unknown[]): void;
  compileFilter(node: Node, frame: CompileFrame): void;
  compileIf(node: Node, frame: CompileFrame, async?: boolean): void;
  compileGroup(node: Node, frame: CompileFrame): void;
  getCode(): string;
}
interface NunjucksInternals {
  parser: { Parser: ParserBase };
  compiler: { Compiler: CompilerBase };
  lexer: Record<string, string> & { lex(src: string, opts: object): unknown };
  nodes: Record<string, NodeClass>;
}

const nj = nunjucks as unknown as NunjucksInternals;
const { lexer, nodes } = nj;
const T = {
  LPAREN: lexer.TOKEN_LEFT_PAREN,
  RPAREN: lexer.TOKEN_RIGHT_PAREN,
  LBRACKET: lexer.TOKEN_LEFT_BRACKET,
  RBRACKET: lexer.TOKEN_RIGHT_BRACKET,
  LCURLY: lexer.TOKEN_LEFT_CURLY,
  RCURLY: lexer.TOKEN_RIGHT_CURLY,
  COMMA: lexer.TOKEN_COMMA,
  COLON: lexer.TOKEN_COLON,
  OPERATOR: lexer.TOKEN_OPERATOR,
  SYMBOL: lexer.TOKEN_SYMBOL,
  STRING: lexer.TOKEN_STRING,
  INT: lexer.TOKEN_INT,
  FLOAT: lexer.TOKEN_FLOAT,
  BOOLEAN: lexer.TOKEN_BOOLEAN,
  NONE: lexer.TOKEN_NONE,
  BLOCK_END: lexer.TOKEN_BLOCK_END,
};

// Our own AST nodes.
const JinjaTest = nodes.Node.extend('JinjaTest', { fields: ['target', 'name', 'args'] });
const JinjaSlice = nodes.Node.extend('JinjaSlice', { fields: ['target', 'start', 'stop', 'step'] });
const JinjaTruthy = nodes.Node.extend('JinjaTruthy', { fields: ['target'] });
const OWN_NODES = [JinjaTest, JinjaSlice, JinjaTruthy];

/** What the helpers are reached through in generated code. */
const H = 'env.jinja.';
const q = (s: string): string => JSON.stringify(s);

const CONSTANTS: Record<string, string> = { True: 'true', true: 'true', False: 'false', false: 'false', None: 'null', none: 'null' };

class JinjaParser extends nj.parser.Parser {
  /** Jinja: `for target in iterable [if cond] %}`; the iterable is parsed without inline-if. */
  override parseFor(): Node {
    const forTok = this.peekToken();
    if (forTok.value !== 'for') return super.parseFor();
    this.nextToken();
    const node = new nodes.For(forTok.lineno, forTok.colno);
    node.name = this.parseTargets();
    if (!this.skipSymbol('in')) this.fail('expected "in" keyword in for loop', forTok.lineno, forTok.colno);
    node.arr = this.parseOr();
    node.jinjaCond = this.skipSymbol('if') ? this.parseExpression() : null;
    if (this.skipSymbol('recursive')) this.fail('recursive loops are not supported', forTok.lineno, forTok.colno);
    this.advanceAfterBlockEnd(forTok.value);
    node.body = this.parseUntilBlocks('endfor', 'else');
    if (this.skipSymbol('else')) {
      this.advanceAfterBlockEnd('else');
      node.else_ = this.parseUntilBlocks('endfor');
    }
    this.advanceAfterBlockEnd();
    return node;
  }

  /** `x`, `k, v` or `(k, v)`. */
  parseTargets(): Node {
    const paren = this.skip(T.LPAREN);
    const first = this.parsePrimary(true);
    if (!(first instanceof nodes.Symbol)) this.fail('variable name expected for loop');
    let node = first;
    if (this.peekToken().type === T.COMMA) {
      node = new nodes.Array(first.lineno, first.colno);
      node.addChild(first);
      while (this.skip(T.COMMA)) {
        if (paren && this.peekToken().type === T.RPAREN) break;
        node.addChild(this.parsePrimary(true));
      }
    }
    if (paren && !this.skip(T.RPAREN)) this.fail('expected )');
    return node;
  }

  /** Jinja's condexpr: the else branch may itself be a conditional expression. */
  parseInlineIf(): Node {
    let node = this.parseOr();
    while (this.skipSymbol('if')) {
      const cond = this.parseOr();
      const body = node;
      node = new nodes.InlineIf(body.lineno, body.colno);
      node.body = body;
      node.cond = cond;
      node.else_ = this.skipSymbol('else') ? this.parseInlineIf() : null;
    }
    return node;
  }

  /** `x is [not] name`, `x is name(args)`, `x is name arg` (one bare argument, as Jinja allows). */
  parseIs(): Node {
    let node = this.parseCompare();
    const tok = this.peekToken();
    if (!this.skipSymbol('is')) return node;
    const negate = this.skipSymbol('not');
    const nameTok = this.nextToken();
    if (![T.SYMBOL, T.NONE, T.BOOLEAN].includes(nameTok.type)) this.fail('expected test name', nameTok.lineno, nameTok.colno);
    let name = nameTok.value;
    while (this.skipValue(T.OPERATOR, '.')) name += '.' + this.expect(T.SYMBOL).value;
    const args = new nodes.NodeList(tok.lineno, tok.colno);
    const next = this.peekToken();
    if (next.type === T.LPAREN) {
      for (const a of this.parseSignature().children) args.addChild(a);
    } else if (
      [T.SYMBOL, T.STRING, T.INT, T.FLOAT, T.NONE, T.BOOLEAN, T.LBRACKET, T.LCURLY].includes(next.type) &&
      !(next.type === T.SYMBOL && ['else', 'or', 'and'].includes(next.value))
    ) {
      args.addChild(this.parsePrimary());
    }
    node = new JinjaTest(tok.lineno, tok.colno, node, name, args);
    return negate ? new nodes.Not(tok.lineno, tok.colno, node) : node;
  }

  /** Calls, `.attr` (remembered as dot access), `[item]` and slices `[a:b:c]`. */
  override parsePostfix(node: Node): Node {
    let tok = this.peekToken();
    while (tok) {
      if (tok.type === T.LPAREN) {
        node = new nodes.FunCall(tok.lineno, tok.colno, node, this.parseSignature());
      } else if (tok.type === T.LBRACKET) {
        node = this.parseSubscript(node);
      } else if (tok.type === T.OPERATOR && tok.value === '.') {
        this.nextToken();
        const val = this.nextToken();
        if (![T.SYMBOL, T.INT, T.NONE, T.BOOLEAN].includes(val.type)) {
          this.fail('expected name as lookup value, got ' + val.value, val.lineno, val.colno);
        }
        const key = val.type === T.INT ? Number(val.value) : val.value;
        node = new nodes.LookupVal(tok.lineno, tok.colno, node, new nodes.Literal(val.lineno, val.colno, key));
        node.jinjaDot = true;
      } else {
        break;
      }
      tok = this.peekToken();
    }
    return node;
  }

  parseSubscript(target: Node): Node {
    const open = this.nextToken();
    const ends = (): boolean => [T.RBRACKET, T.COLON].includes(this.peekToken().type);
    let start: Node = null;
    let isSlice = false;
    if (!ends()) start = this.parseExpression();
    let stop: Node = null;
    let step: Node = null;
    if (this.skip(T.COLON)) {
      isSlice = true;
      if (!ends()) stop = this.parseExpression();
      if (this.skip(T.COLON) && !ends()) step = this.parseExpression();
    }
    if (!this.skip(T.RBRACKET)) this.fail('expected ]', open.lineno, open.colno);
    if (isSlice) return new JinjaSlice(open.lineno, open.colno, target, start, stop, step);
    if (start === null) this.fail('expected subscript', open.lineno, open.colno);
    return new nodes.LookupVal(open.lineno, open.colno, target, start);
  }

  /** Adjacent string literals concatenate, as in Python: `'it''s'`. */
  override parsePrimary(noPostfix?: boolean): Node {
    const tok = this.peekToken();
    if (tok.type !== T.STRING) return super.parsePrimary(noPostfix);
    this.nextToken();
    let value = tok.value;
    while (this.peekToken().type === T.STRING) value += this.nextToken().value;
    const node = new nodes.Literal(tok.lineno, tok.colno, value);
    return noPostfix ? node : this.parsePostfix(node);
  }

  /** `{% set a = 1 %}`, `{% set a, b = 1, 2 %}` (bare tuple), `{% set ns.x = v %}`, `{% set a %}..{% endset %}`. */
  parseSet(): Node {
    const tag = this.peekToken();
    this.nextToken();
    const node = new nodes.Set(tag.lineno, tag.colno, []);
    do node.targets.push(this.parsePrimary());
    while (this.skip(T.COMMA));
    if (!this.skipValue(T.OPERATOR, '=')) {
      if (!this.skip(T.BLOCK_END)) this.fail('expected = or block end in set tag', tag.lineno, tag.colno);
      node.body = new nodes.Capture(tag.lineno, tag.colno, this.parseUntilBlocks('endset'));
      node.value = null;
      this.advanceAfterBlockEnd();
      return node;
    }
    const first = this.parseExpression();
    if (this.peekToken().type === T.COMMA) {
      const tuple = new nodes.Group(first.lineno, first.colno);
      tuple.addChild(first);
      while (this.skip(T.COMMA) && this.peekToken().type !== T.BLOCK_END) tuple.addChild(this.parseExpression());
      tuple.jinjaTuple = true;
      node.value = tuple;
    } else {
      node.value = first;
    }
    this.advanceAfterBlockEnd(tag.value);
    return node;
  }

  /** Filter arguments are a plain call signature (no postfix chain after them). */
  parseFilterArgs(): Node[] {
    return this.peekToken().type === T.LPAREN ? this.parseSignature().children : [];
  }

  /** (), [], {} literals; `(a, b)` and `(a,)` are tuples; dict keys are expressions. */
  parseAggregate(): Node {
    const tok = this.nextToken();
    let node: Node;
    let close: string;
    if (tok.type === T.LPAREN) [node, close] = [new nodes.Group(tok.lineno, tok.colno), T.RPAREN];
    else if (tok.type === T.LBRACKET) [node, close] = [new nodes.Array(tok.lineno, tok.colno), T.RBRACKET];
    else if (tok.type === T.LCURLY) [node, close] = [new nodes.Dict(tok.lineno, tok.colno), T.RCURLY];
    else return null;
    let trailingComma = false;
    while (!this.skip(close)) {
      if (node.children.length > 0) {
        if (!this.skip(T.COMMA)) this.fail('expected comma', this.peekToken().lineno, this.peekToken().colno);
        if (this.skip(close)) {
          trailingComma = true;
          break;
        }
      }
      if (node instanceof nodes.Dict) {
        const key = this.parseExpression();
        if (!this.skip(T.COLON)) this.fail('expected colon after dict key', tok.lineno, tok.colno);
        node.addChild(new nodes.Pair(key.lineno, key.colno, key, this.parseExpression()));
      } else {
        node.addChild(this.parseExpression());
      }
    }
    if (node instanceof nodes.Group && (node.children.length !== 1 || trailingComma)) node.jinjaTuple = true;
    return node;
  }
}

/** Short JavaScript-free description of an expression, for "'x.y' is undefined" messages. */
function describe(node: Node): string {
  if (node instanceof nodes.Symbol) return node.value;
  if (node instanceof nodes.LookupVal && node.val instanceof nodes.Literal) {
    return node.jinjaDot ? `${describe(node.target)}.${node.val.value}` : `${describe(node.target)}[${JSON.stringify(node.val.value)}]`;
  }
  if (node instanceof nodes.LookupVal) return `${describe(node.target)}[...]`;
  if (node instanceof nodes.FunCall) return `${describe(node.name)}()`;
  if (node instanceof nodes.Literal) return JSON.stringify(node.value);
  return 'expression';
}

export interface SyntaxOptions {
  filters: ReadonlySet<string>;
  tests: ReadonlySet<string>;
}

class JinjaCompiler extends nj.compiler.Compiler {
  options!: SyntaxOptions;

  override assertType(node: Node, ...types: unknown[]): void {
    if (OWN_NODES.some((t) => node instanceof t)) return;
    super.assertType(node, ...types);
  }

  private expr(node: Node, frame: CompileFrame): void {
    this._compileExpression(node, frame);
  }

  private helper(helper: string, frame: CompileFrame, ...args: Node[]): void {
    this._emit(`${H}${helper}(`);
    args.forEach((a, i) => {
      if (i) this._emit(', ');
      this.expr(a, frame);
    });
    this._emit(')');
  }

  compileSymbol(node: Node, frame: CompileFrame): void {
    const name: string = node.value;
    if (Object.prototype.hasOwnProperty.call(CONSTANTS, name)) return this._emit(CONSTANTS[name]);
    const id = frame.lookup(name);
    this._emit(id ? id : `${H}lookup(context, frame, ${q(name)})`);
  }

  compileLookupVal(node: Node, frame: CompileFrame): void {
    this._emit(`${H}attr(`);
    this.expr(node.target, frame);
    this._emit(', ');
    this.expr(node.val, frame);
    this._emit(`, ${node.jinjaDot ? 'true' : 'false'}, ${q(describe(node.target))})`);
  }

  compileJinjaSlice(node: Node, frame: CompileFrame): void {
    this._emit(`${H}slice(`);
    this.expr(node.target, frame);
    for (const part of [node.start, node.stop, node.step]) {
      this._emit(', ');
      if (part === null) this._emit('null');
      else this.expr(part, frame);
    }
    this._emit(`, ${q(describe(node.target))})`);
  }

  compileFunCall(node: Node, frame: CompileFrame): void {
    this._emit(`(lineno = ${node.lineno}, colno = ${node.colno}, ${H}call(`);
    this.expr(node.name, frame);
    this._emit(`, ${q(describe(node.name))}, `);
    this._compileAggregate(node.args, frame, '[', ']');
    this._emit('))');
  }

  override compileFilter(node: Node, frame: CompileFrame): void {
    const name: string = node.name.value;
    if (!this.options.filters.has(name)) this.fail(`No filter named '${name}'.`, node.lineno, node.colno);
    super.compileFilter(node, frame);
  }

  compileJinjaTest(node: Node, frame: CompileFrame): void {
    if (!this.options.tests.has(node.name)) this.fail(`No test named '${node.name}'.`, node.lineno, node.colno);
    this._emit(`${H}test(${q(node.name)}, `);
    this.expr(node.target, frame);
    this._emit(', ');
    this._compileAggregate(node.args, frame, '[', ']');
    this._emit(')');
  }

  compileJinjaTruthy(node: Node, frame: CompileFrame): void {
    this.helper('truthy', frame, node.target);
  }

  compileIn(node: Node, frame: CompileFrame): void {
    this.helper('contains', frame, node.right, node.left);
  }

  private lazy(helper: string, node: Node, frame: CompileFrame): void {
    this._emit(`${H}${helper}(`);
    this.expr(node.left, frame);
    this._emit(', () => (');
    this.expr(node.right, frame);
    this._emit('))');
  }

  compileOr(node: Node, frame: CompileFrame): void {
    this.lazy('or', node, frame);
  }

  compileAnd(node: Node, frame: CompileFrame): void {
    this.lazy('and', node, frame);
  }

  compileNot(node: Node, frame: CompileFrame): void {
    this._emit('!');
    this.helper('truthy', frame, node.target);
  }

  compileInlineIf(node: Node, frame: CompileFrame): void {
    this._emit('(');
    this.helper('truthy', frame, node.cond);
    this._emit(' ? ');
    this.expr(node.body, frame);
    this._emit(' : ');
    if (node.else_ === null) this._emit('undefined');
    else this.expr(node.else_, frame);
    this._emit(')');
  }

  override compileIf(node: Node, frame: CompileFrame, async?: boolean): void {
    node.cond = new JinjaTruthy(node.cond.lineno, node.cond.colno, node.cond);
    super.compileIf(node, frame, async);
  }

  compileCompare(node: Node, frame: CompileFrame): void {
    // Python chains comparisons: a < b < c means a < b and b < c.
    let left = node.expr;
    node.ops.forEach((op: Node, i: number) => {
      if (i) this._emit(' && ');
      this._emit(`${H}compare(`);
      this.expr(left, frame);
      this._emit(`, ${q(op.type)}, `);
      this.expr(op.expr, frame);
      this._emit(')');
      left = op.expr;
    });
  }

  compileAdd(node: Node, frame: CompileFrame): void {
    this.helper('add', frame, node.left, node.right);
  }
  compileSub(node: Node, frame: CompileFrame): void {
    this.helper('sub', frame, node.left, node.right);
  }
  compileMul(node: Node, frame: CompileFrame): void {
    this.helper('mul', frame, node.left, node.right);
  }
  compileDiv(node: Node, frame: CompileFrame): void {
    this.helper('div', frame, node.left, node.right);
  }
  compileFloorDiv(node: Node, frame: CompileFrame): void {
    this.helper('floorDiv', frame, node.left, node.right);
  }
  compileMod(node: Node, frame: CompileFrame): void {
    this.helper('mod', frame, node.left, node.right);
  }
  compilePow(node: Node, frame: CompileFrame): void {
    this.helper('pow', frame, node.left, node.right);
  }
  compileConcat(node: Node, frame: CompileFrame): void {
    this.helper('concat', frame, node.left, node.right);
  }
  compileNeg(node: Node, frame: CompileFrame): void {
    this.helper('neg', frame, node.target);
  }
  compilePos(node: Node, frame: CompileFrame): void {
    this.helper('pos', frame, node.target);
  }

  override compileGroup(node: Node, frame: CompileFrame): void {
    if (!node.jinjaTuple) return super.compileGroup(node, frame);
    this._emit(`${H}tuple(`);
    this._compileAggregate(node, frame, '[', ']');
    this._emit(')');
  }

  /** Dict literal keys are expressions in Jinja (`{name: 1}` uses the variable `name`). */
  compilePair(node: Node, frame: CompileFrame): void {
    if (node.key instanceof nodes.Literal && typeof node.key.value === 'string') {
      this._emit(q(node.key.value));
    } else {
      this._emit('[');
      this.helper('dictKey', frame, node.key);
      this._emit(']');
    }
    this._emit(': ');
    this.expr(node.value, frame);
  }

  /** Keyword arguments keep their names as keys. */
  compileKeywordArgs(node: Node, frame: CompileFrame): void {
    this._emit('runtime.makeKeywordArgs({');
    node.children.forEach((pair: Node, i: number) => {
      if (i) this._emit(', ');
      this._emit(`${q(pair.key.value)}: `);
      this.expr(pair.value, frame);
    });
    this._emit('})');
  }

  /** Every printed value goes through toText (None, True, JSON for containers...). */
  compileOutput(node: Node, frame: CompileFrame): void {
    for (const child of node.children) {
      if (child instanceof nodes.TemplateData) {
        if (child.value) this._emitLine(`${this.buffer} += ${q(child.value)};`);
      } else {
        this._emit(`${this.buffer} += ${H}str(`);
        this.compile(child, frame);
        this._emitLine(');');
      }
    }
  }

  /** Binds loop targets (with tuple unpacking) to fresh JS variables in both frames. */
  private bindTargets(target: Node, value: string, frame: CompileFrame): void {
    if (target instanceof nodes.Array) {
      const tmp = this._tmpid();
      this._emitLine(`var ${tmp} = ${H}unpack(${value}, ${target.children.length});`);
      target.children.forEach((child: Node, i: number) => this.bindTargets(child, `${tmp}[${i}]`, frame));
      return;
    }
    const id = this._tmpid();
    this._emitLine(`var ${id} = ${value};`);
    this._emitLine(`frame.set(${q(target.value)}, ${id});`);
    frame.set(target.value, id);
  }

  /**
   * Jinja's for: iterates lists, mapping keys, string characters; `if cond` filters first so `loop.*`
   * and `{% else %}` see only kept items; assignments inside the loop do not leak out of it.
   */
  compileFor(node: Node, frame: CompileFrame): void {
    const arr = this._tmpid();
    const i = this._tmpid();
    this._emit(`var ${arr} = ${H}iterate(`);
    this.expr(node.arr, frame);
    this._emitLine(');');
    this._emitLine('frame = frame.push(true);');
    if (node.jinjaCond) {
      const kept = this._tmpid();
      const j = this._tmpid();
      const condFrame = frame.push();
      this._emitLine(`var ${kept} = [];`);
      this._emitLine(`for (var ${j} = 0; ${j} < ${arr}.length; ${j}++) {`);
      this.bindTargets(node.name, `${arr}[${j}]`, condFrame);
      this._emit(`if (${H}truthy(`);
      this.expr(node.jinjaCond, condFrame);
      this._emitLine(`)) ${kept}.push(${arr}[${j}]);`);
      this._emitLine('}');
      this._emitLine(`${arr} = ${kept};`);
    }
    const bodyFrame = frame.push();
    this._emitLine(`for (var ${i} = 0; ${i} < ${arr}.length; ${i}++) {`);
    this.bindTargets(node.name, `${arr}[${i}]`, bodyFrame);
    this._emitLine(`frame.set("loop", ${H}loopInfo(${arr}, ${i}));`);
    this._withScopedSyntax(() => this.compile(node.body, bodyFrame));
    this._emitLine('}');
    this._emitLine('frame = frame.pop();');
    if (node.else_) {
      this._emitLine(`if (!${arr}.length) {`);
      this._withScopedSyntax(() => this.compile(node.else_, frame));
      this._emitLine('}');
    }
  }

  /** `{% set x = v %}`, `{% set a, b = pair %}`, `{% set ns.attr = v %}`, `{% set x %}...{% endset %}`. */
  compileSet(node: Node, frame: CompileFrame): void {
    const targets: Node[] = node.targets;
    if (targets.length === 1 && targets[0] instanceof nodes.LookupVal) {
      const t = targets[0];
      if (!t.jinjaDot || node.value === null) this.fail('can only assign to a namespace attribute', t.lineno, t.colno);
      this._emit(`${H}setattr(`);
      this.expr(t.target, frame);
      this._emit(`, ${q(String(t.val.value))}, `);
      this.expr(node.value, frame);
      this._emitLine(');');
      return;
    }
    for (const t of targets) {
      if (!(t instanceof nodes.Symbol)) this.fail('cannot assign to this expression', t.lineno, t.colno);
    }
    const value = this._tmpid();
    this._emit(`var ${value} = `);
    if (node.value) this.expr(node.value, frame);
    else this.compile(node.body, frame);
    this._emitLine(';');
    const values = targets.length > 1 ? this._tmpid() : value;
    if (targets.length > 1) this._emitLine(`var ${values} = ${H}unpack(${value}, ${targets.length});`);
    targets.forEach((t, i) => {
      const name: string = t.value;
      const v = targets.length > 1 ? `${values}[${i}]` : value;
      const id = frame.lookup(name);
      if (id) this._emitLine(`${id} = ${v};`);
      this._emitLine(`frame.set(${q(name)}, ${v}, true);`);
      this._emitLine(`if (frame.topLevel) { context.setVariable(${q(name)}, ${v}); }`);
      if (!name.startsWith('_')) this._emitLine(`if (frame.topLevel) { context.addExport(${q(name)}, ${v}); }`);
    });
  }
}

/** Jinja reads the source with newlines normalised and, by default, one trailing newline removed. */
export function prepareSource(source: string): string {
  const normalised = source.replace(/\r\n|\r/g, '\n');
  return normalised.endsWith('\n') ? normalised.slice(0, -1) : normalised;
}

function syntaxError(e: unknown): TemplateSyntaxError {
  const err = e as { message?: string; lineno?: number; colno?: number };
  const message = String(err?.message ?? e).replace(/^\(.*?\)(?: \[Line \d+, Column \d+\])?\n\s*/, '');
  return new TemplateSyntaxError(message, err?.lineno, err?.colno);
}

/**
 * Compiles Jinja source to the JavaScript body nunjucks expects of a template
 * (`function root(env, context, frame, runtime, cb) {...} return { root: root };`).
 */
export function compileToJs(source: string, name: string | undefined, options: SyntaxOptions): string {
  try {
    const parser = new JinjaParser(lexer.lex(prepareSource(source), {}));
    const ast = parser.parseAsRoot();
    const compiler = new JinjaCompiler(name, false) as unknown as JinjaCompiler;
    compiler.options = options;
    compiler.compile(ast);
    return compiler.getCode();
  } catch (e) {
    throw syntaxError(e);
  }
}
