import type { ServerConfig } from '../config/server-config.js';
import { watchUnsetConfig } from '../context/unset-config.js';
import { isTemplate, type Template } from '../templates/template.js';
import type { BodyRule } from '../validation/rules.js';

/** A `read_config` key that is unset where a rule or a sender check depends on it. */
export interface UnsetConfigKey {
  readonly key: string;
  /** Where it is used: `POST /github action 0 (github-verify)`, `POST /hook: header X-Auth-Key`. */
  readonly where: string;
}

/**
 * Renders every rule and every sender check's templates once, as the server would, and lists
 * the `read_config` keys they read while unset: `check` and the start-up banner name them, so a
 * missing secret is seen before the first webhook is refused.
 */
export function findUnsetConfigKeys(config: ServerConfig, readConfig: (...args: unknown[]) => unknown): UnsetConfigKey[] {
  const found: UnsetConfigKey[] = [];
  const probe = (template: Template, where: string, context: Record<string, unknown>) => {
    const { unset } = watchUnsetConfig(() => {
      try {
        template.render(context);
      } catch {
        // a template that needs a real request cannot be probed here; its unset keys show at run time
      }
    });
    for (const key of unset) found.push({ key, where });
  };
  const ruleContext = { read_config: readConfig };
  const actionContext = { read_config: readConfig, request: { headers: {}, json: null, args: {}, form: {}, view_args: {} }, context: {} };
  for (const endpoint of config.endpoints) {
    const name = `${endpoint.method} ${endpoint.route}`;
    for (const { name: header, rule } of endpoint.headers) {
      if (!rule.isFixed) probe(rule.template, `${name}: header ${header}`, ruleContext);
    }
    if (endpoint.body) walkBody(endpoint.body, '', (path, template) => probe(template, `${name}: body ${path}`, ruleContext));
    for (const action of endpoint.actions) {
      if (!action.definition.checksSender) continue;
      for (const template of templatesIn(action.prepared)) probe(template, `${name} action ${action.index} (${action.type})`, actionContext);
    }
  }
  return found;
}

function walkBody(rule: BodyRule, path: string, visit: (path: string, template: Template) => void): void {
  if (rule.kind === 'never') return;
  if (rule.kind === 'pattern') {
    if (!rule.isFixed) visit(path, rule.template);
    return;
  }
  for (const [key, child] of rule.entries) walkBody(child, path ? `${path}.${key}` : key, visit);
}

function templatesIn(value: unknown, seen = new Set<unknown>()): Template[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  if (isTemplate(value)) return value.source.includes('read_config') ? [value] : [];
  return Object.values(value).flatMap((child) => templatesIn(child, seen));
}
