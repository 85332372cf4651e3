import { expect, it } from 'vitest';
import { ActionRegistry } from '../../src/actions/action-registry.js';
import { builtinActions } from '../../src/actions/builtin-actions.js';
import { reviveConfig } from '../../src/bundle/revive-config.js';
import { serializeConfig } from '../../src/bundle/serialize-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { compileTemplate, type Template } from '../../src/templates/index.js';

it("response, concurrency, debounce and rate_limit (with their keys) survive the bundle's serialised config", () => {
  const registry = new ActionRegistry(builtinActions);
  const original = loadConfig(
    `
endpoints:
  - /deploy/<name>:
      async: true
      concurrency: 2
      concurrency_key: '{{ request.view_args.name }}'
      debounce: 1500ms
      debounce_key: '{{ request.json.repo }}'
      rate_limit: 10/30s
      rate_limit_key: '{{ request.headers["X-Sender"] }}'
      response:
        status: 202
        body: 'queued {{ request.view_args.name }}'
        headers: { X-Name: '{{ request.view_args.name }}' }
  - /plain:
      response: { status: 204 }
`,
    'server.yml',
    registry,
  );
  const { data, templates } = serializeConfig(original);
  const compiled: Record<string, Template> = Object.fromEntries(Object.entries(templates).map(([id, source]) => [id, compileTemplate(source, id)]));
  const [deploy, plain] = reviveConfig(JSON.parse(JSON.stringify(data)), compiled, registry).endpoints;
  const context = { request: { view_args: { name: 'web' }, json: { repo: 'site' }, headers: { 'X-Sender': 'ci' } } };
  expect(deploy!.concurrency?.limit).toBe(2);
  expect(deploy!.concurrency?.key?.render(context)).toBe('web');
  expect(deploy!.debounce?.seconds).toBe(1.5);
  expect(deploy!.debounce?.key?.render(context)).toBe('site');
  expect([deploy!.rateLimit?.limit, deploy!.rateLimit?.windowSeconds, deploy!.rateLimit?.key?.render(context)]).toEqual([10, 30, 'ci']);
  expect(deploy!.response?.status).toBe(202);
  expect(deploy!.response?.body?.render(context)).toBe('queued web');
  expect(deploy!.response?.headers['X-Name']?.render(context)).toBe('web');
  expect(plain!.response).toEqual({ status: 204, headers: {} });
  expect(plain!.concurrency ?? plain!.debounce ?? plain!.rateLimit).toBeUndefined();
});
