import { describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../src/actions/action-registry.js';
import { builtinActions } from '../../src/actions/builtin-actions.js';
import { defineAction, type ActionDefinition } from '../../src/actions/define-action.js';
import { reviveConfig } from '../../src/bundle/revive-config.js';
import { serializeConfig } from '../../src/bundle/serialize-config.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { compileTemplate } from '../../src/templates/index.js';
import type { Template } from '../../src/templates/template.js';
import { PatternRule, type ResolvedRule } from '../../src/validation/rules.js';

// The build turns a loaded config into JSON + template sources; a bundle revives it without YAML
// or a compiler. What comes back must behave like what went in.
const CONFIG = `
server:
  max_body_size: 1KiB
endpoints:
  - /items/<int:id>:
      method: put
      async: true
      headers:
        X-Token: '{{ read_config("TOKEN") }}'
        X-Event: '(?P<kind>push|tag)'
      body:
        ref: refs/heads/.+
        repository:
          name: web
        tags: [a, b]
      actions:
        - http:
            target: 'http://example.test/{{ request.view_args.id }}'
            json: true
            body:
              $template: 'looks like a marker {{ 1 + 1 }}'
              $literal: {nested: '{{ "x" | upper }}'}
              count: 3
              enabled: true
              none: null
        - log:
            message: 'id {{ request.view_args.id }}'
        - log:
            message: 'id {{ request.view_args.id }}'
`;

const roundTrip = (config: ServerConfig, registry: ActionRegistry): ServerConfig => {
  const { data, templates } = serializeConfig(config);
  const compiled: Record<string, Template> = Object.fromEntries(Object.entries(templates).map(([id, source]) => [id, compileTemplate(source, id)]));
  // what a bundle holds is JSON
  return reviveConfig(JSON.parse(JSON.stringify(data)), compiled, registry);
};

describe('serializeConfig → reviveConfig', () => {
  const registry = new ActionRegistry(builtinActions);
  const original = loadConfig(CONFIG, 'server.yml', registry, { warn: () => {} });
  const revived = roundTrip(original, registry);
  const [endpoint] = revived.endpoints;

  it('keeps the endpoint, its route converters and the server settings', () => {
    expect(revived.server).toEqual(original.server);
    expect(endpoint).toMatchObject({ route: '/items/<int:id>', method: 'PUT', async: true, path: original.endpoints[0]!.path });
    expect(endpoint!.pattern.match('/items/42')).toEqual({ id: 42 });
    expect(endpoint!.pattern.match('/items/x')).toBeNull();
  });

  it('revives static rules as compiled regexes (Python syntax translated) and templated rules as templates', () => {
    const render = (template: Template) => template.render({ read_config: () => 's3cret' });
    const [token, event] = endpoint!.headers;
    const regexOf = (resolved: ResolvedRule) => ('regex' in resolved ? resolved.regex : null);
    expect(regexOf(token!.rule.resolve(render))?.source).toBe('s3cret');
    expect(regexOf(event!.rule.resolve(render))?.test('tag')).toBe(true);
    expect(regexOf(event!.rule.resolve(render))?.test('issues')).toBe(false);
    const body = endpoint!.body!;
    expect(body.entries.map(([key]) => key)).toEqual(['ref', 'repository', 'tags']);
    expect(body.entries[0]![1]).toBeInstanceOf(PatternRule);
    expect(body.entries[2]![1]).toEqual({ kind: 'never', text: '["a","b"]' });
  });

  it('revives prepared settings: templates render, data stays data, marker-like keys stay keys', () => {
    const http = endpoint!.actions[0]!;
    expect(http.definition).toBe(registry.get('http'));
    const prepared = http.prepared as { target: Template; body: Record<string, unknown>; method: string; timeout: number };
    expect(prepared.target.render({ request: { view_args: { id: 7 } } })).toBe('http://example.test/7');
    expect(prepared.method).toBe('POST');
    expect(prepared.timeout).toBe(30);
    expect((prepared.body.$template as Template).render({})).toBe('looks like a marker 2');
    expect((prepared.body.$literal as Record<string, Template>).nested.render({})).toBe('X');
    expect([prepared.body.count, prepared.body.enabled, prepared.body.none]).toEqual([3, true, null]);
  });

  it('shares one template id between identical sources', () => {
    const { templates } = serializeConfig(original);
    expect(Object.values(templates).filter((source) => source === 'id {{ request.view_args.id }}')).toHaveLength(1);
  });

  it('fails the build naming the endpoint and the action when a prepared value is not data', () => {
    const withRegex = defineAction({ name: 'grep', keys: ['pattern'], prepare: (settings) => ({ pattern: new RegExp(String(settings.value('pattern'))) }), run: () => {} });
    const custom = new ActionRegistry([...builtinActions, withRegex as ActionDefinition<unknown>]);
    const config = loadConfig('endpoints:\n  - /g:\n      actions:\n        - grep: {pattern: "a+"}\n', 'server.yml', custom);
    expect(() => serializeConfig(config)).toThrow(ConfigError);
    expect(() => serializeConfig(config)).toThrow(
      /server\.yml:4:11 endpoints\[0\]\.\/g\.actions\[0\]\.grep: the "grep" action cannot be bundled: its prepared settings hold an instance of RegExp at pattern/,
    );
  });

  it('refuses to revive an action the bundle does not carry', () => {
    const { data, templates } = serializeConfig(original);
    const compiled = Object.fromEntries(Object.entries(templates).map(([id, source]) => [id, compileTemplate(source)]));
    expect(() => reviveConfig(data, compiled, new ActionRegistry([]))).toThrow(/the action "http" is not in this bundle/);
  });
});
