import { type Document, LineCounter, parseDocument } from 'yaml';
import { ConfigError } from './config-error.js';
import { expandYamlReferences } from './expand-yaml-references.js';
import { YamlSource } from './yaml-source.js';

/** Parses a config file's text as the original's PyYAML did (YAML 1.1, merge keys); syntax errors name their line. */
export function parseConfigDocument(text: string, file: string): { document: Document; source: YamlSource } {
  const lines = new LineCounter();
  const document = parseDocument(text, { version: '1.1', merge: true, lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  const syntax = document.errors[0];
  if (syntax) {
    const at = syntax.linePos?.[0];
    const reason = syntax.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(`invalid YAML: ${reason}`, at && { file, line: at.line, column: at.col });
  }
  expandYamlReferences(document);
  return { document, source: new YamlSource(file, lines, document) };
}
