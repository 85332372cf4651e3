import type { EndpointConfig } from '../config/server-config.js';
import { BACKTRACKING_INPUT_LIMIT } from './python-regex.js';
import type { BodyRule } from './rules.js';

/**
 * One start-up line per rule that runs on the backtracking engine (backreferences, lookaround, or
 * syntax the linear-time engine does not read): such a rule is only matched against values up to a length, and its author should
 * know both that and why. Templated rules are rendered per request and are not listed: their
 * rendering may be a secret.
 */
export function backtrackingRuleWarnings(endpoints: readonly EndpointConfig[]): string[] {
  const lines: string[] = [];
  const warn = (endpoint: EndpointConfig, where: string, source: string) =>
    lines.push(
      `${endpoint.method} ${endpoint.route}: ${where} rule "${source}" needs the backtracking regex engine (backreferences, lookaround); ` +
        `values longer than ${BACKTRACKING_INPUT_LIMIT} characters never match it`,
    );
  const walk = (endpoint: EndpointConfig, rule: BodyRule, path: string) => {
    if (rule.kind === 'mapping') for (const [key, child] of rule.entries) walk(endpoint, child, path ? `${path}.${key}` : key);
    else if (rule.kind === 'pattern' && rule.backtracks) warn(endpoint, `the "${path}" body`, rule.template.source);
  };
  for (const endpoint of endpoints) {
    for (const { name, rule } of endpoint.headers) if (rule.backtracks) warn(endpoint, `the "${name}" header`, rule.template.source);
    if (endpoint.body) walk(endpoint, endpoint.body, '');
  }
  return lines;
}
