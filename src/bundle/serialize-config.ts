/**
 * ServerConfig → plain JSON data + template sources, for bundles that must start without
 * parsing YAML or compiling templates (Lambda, Cloudflare Workers). The inverse is
 * revive-config.ts. Runtime-agnostic: runs in the Node CLI, but imports nothing from node.
 */
import { ConfigError } from '../config/config-error.js';
import type { ConfiguredAction, EndpointConfig, ServerConfig } from '../config/server-config.js';
import { serializeControls } from '../endpoint-controls/serialize-controls.js';
import { isTemplate, type Template } from '../templates/template.js';
import { PatternRule, type BodyRule, type MappingRule } from '../validation/rules.js';
import {
  LITERAL_OBJECT,
  SERIALIZED_CONFIG_VERSION,
  TEMPLATE_REF,
  type SerializedAction,
  type SerializedBodyRule,
  type SerializedConfig,
  type SerializedEndpoint,
  type SerializedMappingRule,
  type SerializedPatternRule,
  type SerializedValue,
} from './serialized-config.js';

export interface SerializedBundle {
  readonly data: SerializedConfig;
  /** Template id → Jinja source; identical sources share one id. */
  readonly templates: Record<string, string>;
}

export function serializeConfig(config: ServerConfig): SerializedBundle {
  const templates: Record<string, string> = {};
  const ids = new Map<string, string>();
  const templateId = (template: Template): string => {
    let id = ids.get(template.source);
    if (id === undefined) {
      id = `t${ids.size}`;
      ids.set(template.source, id);
      templates[id] = template.source;
    }
    return id;
  };

  const patternRule = (rule: PatternRule): SerializedPatternRule => ({
    kind: 'pattern',
    template: templateId(rule.template),
    // the same test load-rules.ts uses to decide between a fixed regex and a per-request template
    fixed: !PatternRule.isTemplated(rule.template.source),
  });
  const bodyRule = (rule: BodyRule): SerializedBodyRule => {
    if (rule instanceof PatternRule) return patternRule(rule);
    if (rule.kind === 'never') return { kind: 'never', text: rule.text };
    return mappingRule(rule);
  };
  const mappingRule = (rule: MappingRule): SerializedMappingRule => ({
    kind: 'mapping',
    entries: rule.entries.map(([key, value]) => [key, bodyRule(value)] as const),
  });

  const action = (endpoint: EndpointConfig, configured: ConfiguredAction): SerializedAction => {
    const where = `${endpoint.path}.actions[${configured.index}].${configured.type}`;
    let prepared: SerializedValue;
    try {
      prepared = serializeValue(configured.prepared, templateId, '');
    } catch (error) {
      if (!(error instanceof UnserializableValue)) throw error;
      throw new ConfigError(
        `the "${configured.type}" action cannot be bundled: its prepared settings hold ${error.what} at ${error.at || 'the top level'}. ` +
          "An action's prepare() must return plain data (strings, numbers, booleans, null, arrays, plain objects) and templates only.",
        configured.position,
        where,
      );
    }
    return { index: configured.index, type: configured.type, prepared, ...(configured.position ? { position: configured.position } : {}) };
  };

  const endpoints = config.endpoints.map((endpoint): SerializedEndpoint => ({
    route: endpoint.route,
    method: endpoint.method,
    path: endpoint.path,
    async: endpoint.async,
    ...serializeControls(endpoint, templateId),
    headers: endpoint.headers.map((header) => ({ name: header.name, rule: patternRule(header.rule) })),
    body: endpoint.body && mappingRule(endpoint.body),
    actions: endpoint.actions.map((configured) => action(endpoint, configured)),
    ...(endpoint.dedupe ? { dedupe: { id: templateId(endpoint.dedupe.id), windowSeconds: endpoint.dedupe.windowSeconds } } : {}),
    ...(endpoint.retry ? { retry: { ...endpoint.retry } } : {}),
  }));
  return {
    data: { version: SERIALIZED_CONFIG_VERSION, file: config.file, server: { ...config.server, imports: [...config.server.imports] }, endpoints },
    templates,
  };
}

class UnserializableValue extends Error {
  constructor(
    readonly what: string,
    readonly at: string,
  ) {
    super(`${what} at ${at}`);
  }
}

function serializeValue(value: unknown, templateId: (template: Template) => string, at: string): SerializedValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new UnserializableValue(`the number ${value}`, at);
    return value;
  }
  if (typeof value !== 'object') throw new UnserializableValue(`a ${typeof value}`, at);
  if (isTemplate(value)) return { [TEMPLATE_REF]: templateId(value) };
  if (Array.isArray(value)) {
    return value.map((item, i) => {
      if (item === undefined) throw new UnserializableValue('undefined', `${at}[${i}]`);
      return serializeValue(item, templateId, `${at}[${i}]`);
    });
  }
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) {
    throw new UnserializableValue(`an instance of ${(value as object).constructor?.name ?? 'a class'}`, at);
  }
  const out: Record<string, SerializedValue> = {};
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue; // an absent optional setting
    out[key] = serializeValue(item, templateId, at ? `${at}.${key}` : key);
  }
  // a plain object whose keys look like our markers is wrapped, so reviving cannot mistake it
  return TEMPLATE_REF in out || LITERAL_OBJECT in out ? { [LITERAL_OBJECT]: out } : out;
}
