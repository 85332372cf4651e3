/** The template syntax tree: Jinja2's node set, as far as webhook-proxy templates use it. */

export interface Pos {
  line: number;
  col: number;
}

export interface CallArgs {
  args: Expr[];
  kwargs: [string, Expr][];
  dynArgs: Expr | null;
  dynKwargs: Expr | null;
}

export type Expr = Pos &
  (
    | { kind: 'const'; value: string | number | bigint | boolean | null; float?: boolean }
    | { kind: 'name'; name: string }
    | { kind: 'getattr'; node: Expr; attr: string }
    | { kind: 'getitem'; node: Expr; arg: Expr }
    | { kind: 'slice'; node: Expr; start: Expr | null; stop: Expr | null; step: Expr | null }
    | ({ kind: 'call'; node: Expr } & CallArgs)
    /** `node` null: the filtered value is the body of a filter block / set block. */
    | ({ kind: 'filter'; node: Expr | null; name: string } & CallArgs)
    | ({ kind: 'test'; node: Expr; name: string } & CallArgs)
    | { kind: 'binop'; op: '+' | '-' | '*' | '/' | '//' | '%' | '**' | '~'; left: Expr; right: Expr }
    | { kind: 'unary'; op: 'neg' | 'pos' | 'not'; node: Expr }
    | { kind: 'and' | 'or'; left: Expr; right: Expr }
    | { kind: 'compare'; expr: Expr; ops: [string, Expr][] }
    | { kind: 'condexpr'; test: Expr; expr1: Expr; expr2: Expr | null }
    | { kind: 'tuple' | 'list'; items: Expr[] }
    | { kind: 'dict'; items: [Expr, Expr][] }
  );

/** Assignment targets: names, tuples of targets, `ns.attr`. */
export type Target = Pos & ({ kind: 'name'; name: string } | { kind: 'tuple'; items: Target[] } | { kind: 'nsref'; node: Expr; attr: string });

export interface MacroArg {
  name: string;
  default: Expr | null;
}

export type Stmt = Pos &
  (
    | { kind: 'output'; nodes: (Expr | { kind: 'data'; value: string; line: number; col: number })[] }
    | { kind: 'for'; target: Target; iter: Expr; body: Stmt[]; else_: Stmt[]; test: Expr | null; recursive: boolean }
    | { kind: 'if'; test: Expr; body: Stmt[]; else_: Stmt[] }
    | { kind: 'assign'; target: Target; node: Expr }
    | { kind: 'assignblock'; target: Target; filter: Expr | null; body: Stmt[] }
    | { kind: 'macro'; name: string; args: MacroArg[]; body: Stmt[] }
    | { kind: 'callblock'; call: Expr; args: MacroArg[]; body: Stmt[] }
    | { kind: 'filterblock'; filter: Expr; body: Stmt[] }
    | { kind: 'with'; targets: Target[]; values: Expr[]; body: Stmt[] }
    | { kind: 'block'; name: string; body: Stmt[]; scoped: boolean }
    | { kind: 'unsupported'; what: string }
  );
