import type { ActionDefinition } from '../../src/actions/define-action.js';
import { builtinActions } from '../../src/actions/builtin-actions.js';

/** Every action available on Node: the core's plus the ones only Node can run. */
export const nodeActions: readonly ActionDefinition<unknown>[] = [...builtinActions];
