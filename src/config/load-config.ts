import { isMap, isScalar, isSeq, type Node, type Pair, type YAMLMap } from 'yaml';
import type { ActionRegistry } from '../actions/action-registry.js';
import { compileRoute } from '../routing/flask-rule.js';
import { ConfigError } from './config-error.js';
import { ENDPOINT_KEYS, METHODS } from './endpoint-keys.js';
import { loadDedupe } from './load-dedupe.js';
import { loadConcurrency, loadDebounce, loadRateLimit, loadResponse } from './load-endpoint-controls.js';
import { loadRetry } from './load-retry.js';
import { loadBodyRules, loadHeaderRules } from './load-rules.js';
import { loadServerSettings } from './load-server-settings.js';
import { parseConfigDocument } from './parse-config-document.js';
import { rejectBooleanKeys } from './reject-boolean-keys.js';
import type { ConfiguredAction, EndpointConfig, ServerConfig } from './server-config.js';
import { Settings } from './settings.js';
import { didYouMean, suggest } from './suggest.js';
import { checkKnownKeys, isEmptyValue, keyText, pairNamed, valueNamed } from './yaml-map.js';
import type { YamlSource } from './yaml-source.js';

/** Top-level keys the loader reads; any other one is free for anchors (`defaults: &defaults`). */
const TOP_LEVEL_KEYS = ['server', 'endpoints'];

export interface LoadOptions {
  /** Called for things worth a warning that do not stop the server (a list used as a body rule). */
  warn?(message: string): void;
}

/**
 * Parses and checks a server.yml. Every problem is a ConfigError naming the file,
 * line, column and key path; templates are compiled here, once.
 */
export function loadConfig(text: string, file: string, registry: ActionRegistry, options: LoadOptions = {}): ServerConfig {
  const { document, source } = parseConfigDocument(text, file);
  const root = document.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) {
    throw new ConfigError('the file is empty: it needs an "endpoints" list', { file, line: 1, column: 1 });
  }
  if (!isMap(root)) throw source.error('the top level must be a mapping with "server" and "endpoints"', root);
  checkTopLevelKeys(source, root);
  for (const key of TOP_LEVEL_KEYS) rejectBooleanKeys(source, valueNamed(root, key), key);

  const server = loadServerSettings(source, valueNamed(root, 'server'), pairNamed(root, 'server'));
  const endpointsNode = valueNamed(root, 'endpoints');
  if (!isSeq(endpointsNode) || endpointsNode.items.length === 0) {
    throw source.error('No endpoints defined: "endpoints" must be a non-empty list', endpointsNode ?? (pairNamed(root, 'endpoints')?.key as Node) ?? root, 'endpoints');
  }

  const endpoints: EndpointConfig[] = [];
  const seen = new Map<string, Node>();
  endpointsNode.items.forEach((item, i) => {
    const itemPath = `endpoints[${i}]`;
    if (!isMap(item)) throw source.error('each endpoint must be a mapping of route → settings', item as Node, itemPath);
    for (const pair of item.items) {
      const endpoint = loadEndpoint(source, pair, itemPath, registry, options);
      const first = seen.get(endpoint.route);
      if (first) {
        throw source.error(`the route "${endpoint.route}" is defined twice (first at line ${source.positionOf(first)?.line})`, pair.key as Node, endpoint.path);
      }
      seen.set(endpoint.route, pair.key as Node);
      endpoints.push(endpoint);
    }
  });
  return { file, server, endpoints };
}

function loadEndpoint(source: YamlSource, pair: Pair, itemPath: string, registry: ActionRegistry, options: LoadOptions): EndpointConfig {
  const keyNode = pair.key as Node | null;
  const route = isScalar(keyNode) && keyNode.value !== null ? String(keyNode.value) : '';
  const path = `${itemPath}.${route}`;
  if (!route) throw source.error('An endpoint must have its route defined', keyNode ?? (pair.value as Node), itemPath);
  let pattern;
  try {
    pattern = compileRoute(route);
  } catch (error) {
    throw source.error(`invalid route: ${(error as Error).message}`, keyNode, path);
  }

  const settings = pair.value as Node | null;
  if (!isEmptyValue(settings) && !isMap(settings)) {
    throw source.error('endpoint settings must be a mapping (method, headers, body, async, actions)', settings, path);
  }
  const map = isMap(settings) ? settings : null;
  // a typo such as `header:` would switch the endpoint's rules off: refuse it
  checkKnownKeys(source, map, ENDPOINT_KEYS, path);

  const method = loadMethod(source, valueNamed(map, 'method'), `${path}.method`);

  const asyncNode = valueNamed(map, 'async');
  const isAsync = asyncNode ? source.toJS(asyncNode) === true : false;
  if (asyncNode && typeof source.toJS(asyncNode) !== 'boolean' && source.toJS(asyncNode) !== null) {
    throw source.error('must be true or false', asyncNode, `${path}.async`);
  }

  return {
    route,
    method,
    pattern,
    path,
    headers: loadHeaderRules(source, valueNamed(map, 'headers'), `${path}.headers`),
    body: loadBodyRules(source, valueNamed(map, 'body'), `${path}.body`, options),
    async: isAsync,
    actions: loadActions(source, valueNamed(map, 'actions'), `${path}.actions`, registry),
    dedupe: loadDedupe(source, map, path),
    retry: loadRetry(source, map, path, isAsync),
    ...optional('response', loadResponse(source, map, path)),
    ...optional('concurrency', loadConcurrency(source, map, path)),
    ...optional('debounce', loadDebounce(source, map, path, isAsync)),
    ...optional('rateLimit', loadRateLimit(source, map, path)),
  };
}

/** An absent setting leaves no `undefined` key behind (the serialised config and tests compare objects). */
function optional<K extends string, V>(name: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [name]: value }) as { [P in K]?: V };
}

function loadActions(source: YamlSource, node: Node | null, path: string, registry: ActionRegistry): ConfiguredAction[] {
  if (isEmptyValue(node)) return [];
  if (!isSeq(node)) throw source.error('must be a list of actions', node, path);
  const actions: ConfiguredAction[] = [];
  node.items.forEach((item, i) => {
    const itemPath = `${path}[${i}]`;
    if (!isMap(item)) throw source.error('each action must be a mapping like "- log: {message: ...}"', item as Node, itemPath);
    // one list item may hold several actions; they run in mapping order
    for (const pair of item.items) {
      const name = keyText(pair);
      const actionPath = `${itemPath}.${name}`;
      const definition = registry.get(name);
      if (!definition) {
        throw source.error(`unknown action "${name}"${didYouMean(name, registry.names())} (registered: ${registry.names().join(', ')})`, pair.key as Node, itemPath);
      }
      const value = pair.value as Node | null;
      if (!isEmptyValue(value) && !isMap(value)) {
        throw source.error(`the settings of "${name}" must be a mapping`, value, actionPath);
      }
      const settings = new Settings(source, isMap(value) ? (value as YAMLMap) : null, actionPath, pair.key as Node);
      settings.checkKeys(definition.keys, definition.acceptsKey?.bind(definition), definition.keyPatterns);
      actions.push({ index: actions.length, type: name, definition, prepared: definition.prepare(settings), position: source.positionOf(pair.key as Node) });
    }
  });
  return actions;
}

/** `sever:` or `endpoint:` would leave the server without its settings or endpoints. */
function checkTopLevelKeys(source: YamlSource, root: YAMLMap): void {
  for (const pair of root.items) {
    if (!isScalar(pair.key) || typeof pair.key.value !== 'string') continue;
    const key = pair.key.value;
    const suggestion = TOP_LEVEL_KEYS.includes(key) ? undefined : suggest(key, TOP_LEVEL_KEYS);
    if (suggestion !== undefined) {
      throw source.error(
        `unknown top-level key "${key}": did you mean "${suggestion}"? (other top-level keys are free for anchors, but not one this close to "server" or "endpoints")`,
        pair.key as Node,
      );
    }
  }
}

/** The route's one HTTP method, POST when absent; case does not matter (`get`). */
function loadMethod(source: YamlSource, node: Node | null, path: string): string {
  if (isEmptyValue(node)) return 'POST';
  if (!isScalar(node) || typeof node.value !== 'string') {
    const what = isSeq(node) ? 'a list: a route takes one method' : isMap(node) ? 'a mapping' : JSON.stringify(source.toJS(node));
    throw source.error(`must be one HTTP method (${METHODS.join(', ')}), not ${what}`, node, path);
  }
  const method = node.value.toUpperCase();
  if (!METHODS.includes(method)) {
    throw source.error(`unknown HTTP method "${node.value}"${didYouMean(method, METHODS)} (known: ${METHODS.join(', ')})`, node, path);
  }
  return method;
}
