/** Jinja2-compatible templates on nunjucks. Reference: docs/templates.md. */
export type { Template } from './template.js';
export { TemplateSyntaxError, TemplateRenderError } from './errors.js';
export { compileTemplate } from './compile.js';
export { toText } from './to-text.js';
export { precompileTemplates } from './precompile.js';
export { loadPrecompiledTemplates, type PrecompiledTemplate, type NunjucksRuntime } from './precompiled.js';
