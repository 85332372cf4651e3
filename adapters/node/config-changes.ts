import { SERVER_KEYS } from '../../src/config/load-server-settings.js';
import type { EndpointConfig, ServerConfig } from '../../src/config/server-config.js';

/** What a reload changes, for its one log line. */
export interface ConfigChanges {
  readonly added: string[];
  readonly removed: string[];
  readonly changed: string[];
  /** `server` keys whose new value takes effect at once. */
  readonly serverKeys: string[];
  /** `server` keys whose new value needs a restart: the old one stays. */
  readonly restartKeys: string[];
}

/** Compares two loaded configs: endpoints by method and route, server keys by value. */
export function configChanges(before: ServerConfig, after: ServerConfig): ConfigChanges {
  const name = (endpoint: EndpointConfig) => `${endpoint.method} ${endpoint.route}`;
  const old = new Map(before.endpoints.map((endpoint) => [name(endpoint), fingerprint(endpoint)]));
  const now = new Map(after.endpoints.map((endpoint) => [name(endpoint), fingerprint(endpoint)]));
  const serverKeys: string[] = [];
  const restartKeys: string[] = [];
  for (const row of SERVER_KEYS) {
    if (JSON.stringify(before.server[row.setting]) === JSON.stringify(after.server[row.setting])) continue;
    (row.restart ? restartKeys : serverKeys).push(row.name);
  }
  return {
    added: [...now.keys()].filter((key) => !old.has(key)),
    removed: [...old.keys()].filter((key) => !now.has(key)),
    changed: [...now.keys()].filter((key) => old.has(key) && old.get(key) !== now.get(key)),
    serverKeys,
    restartKeys,
  };
}

export function describeChanges(changes: ConfigChanges): string {
  const parts = [
    changes.added.length > 0 ? `added ${changes.added.join(', ')}` : '',
    changes.removed.length > 0 ? `removed ${changes.removed.join(', ')}` : '',
    changes.changed.length > 0 ? `changed ${changes.changed.join(', ')}` : '',
    changes.serverKeys.length > 0 ? `server keys ${changes.serverKeys.join(', ')}` : '',
  ].filter(Boolean);
  return parts.length > 0 ? parts.join('; ') : 'no endpoint changed';
}

/**
 * An endpoint as comparable text: templates by their source, actions by name and prepared
 * settings; where things are written (line numbers, list positions) does not count.
 */
function fingerprint(endpoint: EndpointConfig): string {
  const seen = new WeakSet<object>();
  try {
    return JSON.stringify(endpoint, (key, value: unknown) => {
      if (key === 'position' || key === 'path') return undefined;
      if (typeof value === 'function') return undefined;
      if (value instanceof RegExp) return `/${value.source}/${value.flags}`;
      if (value === null || typeof value !== 'object') return value;
      if (key === 'definition' && 'name' in value) return (value as { name: unknown }).name;
      if ('source' in value && 'render' in value && typeof (value as { render: unknown }).render === 'function') return { template: (value as { source: unknown }).source };
      if (seen.has(value)) return '[seen]';
      seen.add(value);
      return value;
    });
  } catch {
    // not comparable (an action's prepared data that JSON cannot hold): count it as changed
    return `${Math.random()}`;
  }
}
