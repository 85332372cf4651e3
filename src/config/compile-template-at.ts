import type { Node } from 'yaml';
import { compileTemplate, TemplateSyntaxError, type Template } from '../templates/index.js';
import { ConfigError } from './config-error.js';
import type { YamlSource } from './yaml-source.js';

/** Compiles a template from the config; a syntax error points at its line in the file. */
export function compileTemplateAt(source: YamlSource, text: string, node: Node, path: string): Template {
  try {
    return compileTemplate(text, path);
  } catch (error) {
    if (!(error instanceof TemplateSyntaxError)) throw error;
    const start = source.contentStart(node);
    const line = error.line ?? 1;
    const position = start && {
      file: start.file,
      line: start.line + line - 1,
      column: line > 1 ? (error.column ?? 1) : start.column + (error.column ?? 1) - 1,
    };
    throw new ConfigError(`template does not compile: ${error.message}`, position, path);
  }
}
