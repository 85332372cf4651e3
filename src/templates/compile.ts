/** compileTemplate(): Jinja source → Template, compiled once, eagerly (Node and any eval-capable host). */
import nunjucks from 'nunjucks';
import { TemplateSyntaxError } from './errors.js';
import { FILTER_NAMES, TEST_NAMES, installJinjaRuntime, type EnvironmentLike } from './jinja-runtime.js';
import { compileToJs } from './jinja-syntax.js';
import { JinjaTemplate, type Template } from './template.js';

export const SYNTAX_OPTIONS = { filters: FILTER_NAMES, tests: TEST_NAMES };

// One environment serves every template: filters and helpers are stateless.
let env: nunjucks.Environment | undefined;
function environment(): nunjucks.Environment {
  env ??= installJinjaRuntime(new nunjucks.Environment([], { autoescape: false }) as unknown as EnvironmentLike & nunjucks.Environment);
  return env;
}

export function compileTemplate(source: string, name?: string): Template {
  const code = compileToJs(source, name, SYNTAX_OPTIONS);
  let props: object;
  try {
    // The generated code is a function body returning { root }; evaluated once here, never per render.
    props = new Function(code)() as object;
  } catch (e) {
    throw new TemplateSyntaxError(`internal template compiler error: ${(e as Error).message}`);
  }
  const TemplateClass = nunjucks.Template as unknown as new (src: object, env: nunjucks.Environment, path?: string, eager?: boolean) => nunjucks.Template;
  return new JinjaTemplate(source, new TemplateClass({ type: 'code', obj: props }, environment(), name, true));
}
