import { describe, expect, it } from 'vitest';
import { ActionRegistry } from '../../src/actions/action-registry.js';
import { builtinActions } from '../../src/actions/builtin-actions.js';
import { reviveConfig } from '../../src/bundle/revive-config.js';
import { serializeConfig } from '../../src/bundle/serialize-config.js';
import { loadConfig } from '../../src/config/load-config.js';
import { compileTemplate } from '../../src/templates/index.js';

// Lambda and Worker bundles carry the config as JSON: the dedupe settings must come back intact.
describe('dedupe settings in a bundle', () => {
  it('the id template, the window and the server keys survive serialising and reviving', () => {
    const registry = new ActionRegistry(builtinActions);
    const config = loadConfig(
      `
server: { state_dir: /var/lib/webhook-proxy, dedupe_kv: DEDUPE }
endpoints:
  - /stripe:
      dedupe: '{{ request.json.id }}'
      dedupe_window: 3d
      actions:
        - log:
  - /plain:
      actions:
        - log:
`,
      'server.yml',
      registry,
    );
    const { data, templates } = serializeConfig(config);
    const revived = reviveConfig(JSON.parse(JSON.stringify(data)) as typeof data, Object.fromEntries(Object.entries(templates).map(([id, source]) => [id, compileTemplate(source)])), registry);
    expect(revived.server).toMatchObject({ stateDir: '/var/lib/webhook-proxy', dedupeKv: 'DEDUPE' });
    const [stripe, plain] = revived.endpoints;
    expect(stripe!.dedupe?.windowSeconds).toBe(3 * 86_400);
    expect(stripe!.dedupe?.id.source).toBe('{{ request.json.id }}');
    expect(stripe!.dedupe?.id.render({ request: { json: { id: 'evt_1' } } })).toBe('evt_1');
    expect(plain!.dedupe).toBeUndefined();
  });
});
