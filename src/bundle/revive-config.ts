/**
 * Serialised config data + loaded templates → ServerConfig, at a bundle's cold start. No YAML
 * is parsed and no template compiled: routes and static regex rules are rebuilt from their
 * text, actions are looked up in the registry, templates come precompiled.
 */
import type { ActionRegistry } from '../actions/action-registry.js';
import type { ConfiguredAction, EndpointConfig, ServerConfig } from '../config/server-config.js';
import { reviveControls } from '../endpoint-controls/serialize-controls.js';
import { compileRoute } from '../routing/flask-rule.js';
import type { Template } from '../templates/template.js';
import { compilePythonRegex } from '../validation/python-regex.js';
import { PatternRule, type BodyRule, type MappingRule } from '../validation/rules.js';
import {
  LITERAL_OBJECT,
  SERIALIZED_CONFIG_VERSION,
  TEMPLATE_REF,
  type SerializedBodyRule,
  type SerializedConfig,
  type SerializedMappingRule,
  type SerializedPatternRule,
  type SerializedValue,
} from './serialized-config.js';

export function reviveConfig(data: SerializedConfig, templates: Record<string, Template>, registry: ActionRegistry): ServerConfig {
  if (data.version !== SERIALIZED_CONFIG_VERSION) {
    throw new Error(`this bundle's config has format ${String(data.version)}, this webhook-proxy reads ${SERIALIZED_CONFIG_VERSION}: rebuild it`);
  }
  const template = (id: string): Template => {
    const found = templates[id];
    if (!found) throw new Error(`the bundle has no template "${id}": rebuild it`);
    return found;
  };
  const patternRule = (rule: SerializedPatternRule): PatternRule => {
    const text = template(rule.template);
    return rule.fixed ? new PatternRule(text, compilePythonRegex(text.source)) : new PatternRule(text);
  };
  const bodyRule = (rule: SerializedBodyRule): BodyRule => {
    if (rule.kind === 'pattern') return patternRule(rule);
    if (rule.kind === 'never') return { kind: 'never', text: rule.text };
    return mappingRule(rule);
  };
  const mappingRule = (rule: SerializedMappingRule): MappingRule => ({
    kind: 'mapping',
    entries: rule.entries.map(([key, value]) => [key, bodyRule(value)] as const),
  });

  const endpoints = data.endpoints.map((endpoint): EndpointConfig => ({
    route: endpoint.route,
    method: endpoint.method,
    path: endpoint.path,
    pattern: compileRoute(endpoint.route),
    async: endpoint.async,
    ...reviveControls(endpoint.controls, template),
    headers: endpoint.headers.map((header) => ({ name: header.name, rule: patternRule(header.rule) })),
    body: endpoint.body && mappingRule(endpoint.body),
    actions: endpoint.actions.map((action): ConfiguredAction => {
      const definition = registry.get(action.type);
      if (!definition) {
        throw new Error(`${endpoint.path}.actions[${action.index}]: the action "${action.type}" is not in this bundle (registered: ${registry.names().join(', ')})`);
      }
      return { index: action.index, type: action.type, definition, prepared: reviveValue(action.prepared, template), position: action.position };
    }),
    ...(endpoint.dedupe ? { dedupe: { id: template(endpoint.dedupe.id), windowSeconds: endpoint.dedupe.windowSeconds } } : {}),
    ...(endpoint.retry ? { retry: { ...endpoint.retry } } : {}),
  }));
  return { file: data.file, server: { ...data.server, imports: [...data.server.imports] }, endpoints };
}

function reviveValue(value: SerializedValue, template: (id: string) => Template): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => reviveValue(item, template));
  const keys = Object.keys(value);
  if (keys.length === 1 && keys[0] === TEMPLATE_REF) return template(value[TEMPLATE_REF] as string);
  const object = keys.length === 1 && keys[0] === LITERAL_OBJECT ? (value[LITERAL_OBJECT] as Record<string, SerializedValue>) : value;
  return Object.fromEntries(Object.entries(object).map(([key, item]) => [key, reviveValue(item, template)]));
}
