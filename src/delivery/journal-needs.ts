import type { EndpointConfig, ServerConfig } from '../config/server-config.js';
import { callsReplay } from './replay.js';

/** The config keeps deliveries in the journal: it has an async endpoint or calls replay(). */
export function needsJournal(config: ServerConfig): boolean {
  return config.endpoints.some((endpoint) => endpoint.async || usesReplay(endpoint));
}

/** An action template of the endpoint calls replay(). */
export function usesReplay(endpoint: EndpointConfig): boolean {
  return endpoint.actions.some((action) => templateSources(action.prepared).some(callsReplay));
}

/** The sources of every template in an action's prepared settings. */
function templateSources(value: unknown, seen = new Set<object>()): string[] {
  if (value === null || typeof value !== 'object' || seen.has(value)) return [];
  seen.add(value);
  const candidate = value as { render?: unknown; source?: unknown };
  if (typeof candidate.render === 'function' && typeof candidate.source === 'string') return [candidate.source];
  const values = value instanceof Map ? [...value.values()] : Array.isArray(value) ? value : Object.values(value);
  return values.flatMap((item) => templateSources(item, seen));
}
