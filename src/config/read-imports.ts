import { isMap, isScalar, isSeq } from 'yaml';
import type { SourcePosition } from './config-error.js';
import { parseConfigDocument } from './parse-config-document.js';
import { valueNamed } from './yaml-map.js';

/** One `server.imports` entry: a module file with user actions, as written. */
export interface ImportEntry {
  readonly path: string;
  readonly position?: SourcePosition;
}

/**
 * Reads `server.imports` before the rest of the config, because the actions
 * those modules define must be registered before the endpoints are checked.
 * Malformed entries are skipped here; loading the whole config reports them.
 */
export function readImports(text: string, file: string): ImportEntry[] {
  const { document, source } = parseConfigDocument(text, file);
  const root = document.contents;
  const server = isMap(root) ? valueNamed(root, 'server') : null;
  const imports = isMap(server) ? valueNamed(server, 'imports') : null;
  if (!isSeq(imports)) return [];
  return imports.items.flatMap((item) => (isScalar(item) && typeof item.value === 'string' && item.value !== '' ? [{ path: item.value, position: source.positionOf(item) }] : []));
}
