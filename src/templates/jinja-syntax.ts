/**
 * Compile-time half of the Jinja layer: Jinja source → the JavaScript body of a nunjucks-runtime
 * template. Our own lexer (lexer.ts), parser (parser.ts) and code generator (codegen.ts) implement
 * Jinja2's grammar and scoping; the generated code calls the run-time helpers (`env.jinja.*`, see
 * jinja-runtime.ts). Nothing here runs per request, and no nunjucks compiler internals are involved.
 */
import { CodeGen, type SyntaxOptions } from './codegen.js';
import { TemplateSyntaxError } from './errors.js';
import { tokenize } from './lexer.js';
import { Parser } from './parser.js';

export type { SyntaxOptions } from './codegen.js';

/** Jinja reads the source with newlines normalised and, by default, one trailing newline removed. */
export function prepareSource(source: string): string {
  const normalised = source.replace(/\r\n|\r/g, '\n');
  return normalised.endsWith('\n') ? normalised.slice(0, -1) : normalised;
}

/**
 * Compiles Jinja source to the JavaScript body nunjucks expects of a template
 * (`function root(env, context, frame, runtime, cb) {...} return { root: root };`).
 */
export function compileToJs(source: string, _name: string | undefined, options: SyntaxOptions): string {
  try {
    const ast = new Parser(tokenize(prepareSource(source))).parse();
    return new CodeGen(options).generate(ast);
  } catch (e) {
    if (e instanceof TemplateSyntaxError) throw e;
    throw new TemplateSyntaxError(`internal template compiler error: ${(e as Error).message}`);
  }
}
