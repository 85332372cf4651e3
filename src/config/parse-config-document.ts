import { type Document, LineCounter, parseDocument, type Tags } from 'yaml';
import { ConfigError } from './config-error.js';
import { expandYamlReferences } from './expand-yaml-references.js';
import { YamlSource } from './yaml-source.js';

/** Parses a config file's text as the original's PyYAML did (YAML 1.1, merge keys); syntax errors name their line. */
export function parseConfigDocument(text: string, file: string): { document: Document; source: YamlSource } {
  const lines = new LineCounter();
  const document = parseDocument(text, {
    version: '1.1',
    merge: true,
    lineCounter: lines,
    prettyErrors: true,
    uniqueKeys: true,
    customTags: pyyamlBooleans,
  });
  const syntax = document.errors[0];
  if (syntax) {
    const at = syntax.linePos?.[0];
    const reason = syntax.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
    throw new ConfigError(`invalid YAML: ${reason}`, at && { file, line: at.line, column: at.col });
  }
  const source = new YamlSource(file, lines, document);
  expandYamlReferences(document, source);
  return { document, source };
}

/** PyYAML's YAML 1.1 booleans (its resolver), which leave out the spec's `y`, `Y`, `n` and `N`. */
const PYYAML_TRUE = /^(?:yes|Yes|YES|true|True|TRUE|on|On|ON)$/;
const PYYAML_FALSE = /^(?:no|No|NO|false|False|FALSE|off|Off|OFF)$/;

/**
 * The `yaml` package reads `y: 1` and `flag: n` as booleans, as YAML 1.1 says; PyYAML,
 * which read every config of the original, keeps them as the strings "y" and "n".
 */
function pyyamlBooleans(tags: Tags): Tags {
  return tags.map((tag) => {
    if (typeof tag === 'string' || tag.tag !== 'tag:yaml.org,2002:bool' || !('test' in tag) || !tag.test) return tag;
    return { ...tag, test: tag.identify?.(true) ? PYYAML_TRUE : PYYAML_FALSE };
  });
}
