import type { ActionDefinition } from './define-action.js';

/**
 * The actions a user module exports: its default export (one action or a list) and every
 * named export that is an action. Used when modules load on Node and inside built bundles.
 */
export function findActions(exports: Record<string, unknown>): ActionDefinition<unknown>[] {
  const candidates = [
    exports.default,
    ...Object.entries(exports)
      .filter(([name]) => name !== 'default')
      .map(([, value]) => value),
  ].flat();
  return [...new Set(candidates.filter(isActionDefinition))];
}

function isActionDefinition(value: unknown): value is ActionDefinition<unknown> {
  const candidate = value as Partial<ActionDefinition<unknown>> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.name === 'string' &&
    Array.isArray(candidate.keys) &&
    typeof candidate.prepare === 'function' &&
    typeof candidate.run === 'function'
  );
}
