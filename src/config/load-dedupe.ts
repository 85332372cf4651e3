import { isScalar, type Node, type YAMLMap } from 'yaml';
import { compileTemplateAt } from './compile-template-at.js';
import { parseDuration } from './duration.js';
import type { DedupeSettings } from './server-config.js';
import { isEmptyValue, pairNamed, plainValue, valueOrKey } from './yaml-map.js';
import type { YamlSource } from './yaml-source.js';

/** Without `dedupe_window`: a day, longer than the senders' own retry schedules. */
export const DEFAULT_DEDUPE_WINDOW_SECONDS = 24 * 3600;

/** An endpoint's `dedupe` (the delivery id template) and `dedupe_window`; undefined without `dedupe`. */
export function loadDedupe(source: YamlSource, map: YAMLMap | null, path: string): DedupeSettings | undefined {
  const pair = pairNamed(map, 'dedupe');
  const windowPair = pairNamed(map, 'dedupe_window');
  const node = (pair?.value as Node | null | undefined) ?? null;
  if (!pair || isEmptyValue(node)) {
    // a window alone would look like protection while none is in place
    if (windowPair) throw source.error('"dedupe_window" needs "dedupe" (the template of the delivery id)', windowPair.key as Node, `${path}.dedupe_window`);
    if (pair) throw source.error('must be a template of the delivery id, e.g. \'{{ request.headers["X-GitHub-Delivery"] }}\'', pair.key as Node, `${path}.dedupe`);
    return undefined;
  }
  if (!isScalar(node) || typeof node.value !== 'string' || node.value.trim() === '') {
    throw source.error('must be a template of the delivery id, e.g. \'{{ request.headers["X-GitHub-Delivery"] }}\'', node, `${path}.dedupe`);
  }
  if (!/\{\{|\{%/.test(node.value)) {
    // the same text for every request: all but the first delivery of each window would be dropped
    throw source.error('must be a template rendered per request (with {{ }}), e.g. \'{{ request.headers["X-GitHub-Delivery"] }}\'', node, `${path}.dedupe`);
  }
  const id = compileTemplateAt(source, node.value, node, `${path}.dedupe`);
  let windowSeconds = DEFAULT_DEDUPE_WINDOW_SECONDS;
  if (windowPair) {
    const parsed = parseDuration(plainValue(source, windowPair));
    if ('reason' in parsed) throw source.error(parsed.reason, valueOrKey(windowPair), `${path}.dedupe_window`);
    windowSeconds = parsed.seconds;
  }
  return { id, windowSeconds };
}
