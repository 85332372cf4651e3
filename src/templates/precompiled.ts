/**
 * Loads templates produced by precompileTemplates() with any nunjucks runtime — typically the slim one
 * (`import nunjucks from 'nunjucks/browser/nunjucks-slim.js'`) on Cloudflare Workers. No eval here.
 */
import { installJinjaRuntime, type EnvironmentLike } from './jinja-runtime.js';
import { JinjaTemplate, type NunjucksTemplateLike, type Template } from './template.js';

export interface PrecompiledTemplate {
  source: string;
  code: { root: unknown };
}

/** The two classes we need from a nunjucks build (full or slim). */
export interface NunjucksRuntime {
  Environment: new (loaders?: unknown, opts?: object) => object;
  Template: new (src: { type: 'code'; obj: unknown }, env: object, path?: string, eagerCompile?: boolean) => NunjucksTemplateLike;
}

export function loadPrecompiledTemplates(templates: Record<string, PrecompiledTemplate>, nunjucks: NunjucksRuntime): Record<string, Template> {
  const env = installJinjaRuntime(new nunjucks.Environment([], { autoescape: false }) as EnvironmentLike);
  const out: Record<string, Template> = {};
  for (const [name, t] of Object.entries(templates)) {
    out[name] = new JinjaTemplate(t.source, new nunjucks.Template({ type: 'code', obj: t.code }, env, name, true));
  }
  return out;
}
