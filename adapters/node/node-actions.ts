import { builtinActions } from '../../src/actions/builtin-actions.js';
import type { ActionDefinition } from '../../src/actions/define-action.js';
import composeAction from './docker/compose-action.js';
import dockerAction from './docker/docker-action.js';
import swarmAction from './docker/swarm-action.js';
import { withTemplateCalls } from './docker/template-calls.js';

/**
 * log and eval templates may call engine methods on results kept in `context`
 * (`{{ context.container.restart() }}`): on Node they run with template calls enabled
 * (see docker/template-calls.ts). They only render and print, so replaying a render is safe.
 */
const ENGINE_AWARE = new Set(['log', 'eval']);

function withEngineCalls(definition: ActionDefinition<unknown>): ActionDefinition<unknown> {
  return {
    ...definition,
    async run(prepared, call) {
      const lines: string[] = [];
      // output is held back until a render completes, so a replayed render prints once
      await withTemplateCalls(() => {
        lines.length = 0;
        // log and eval render and print synchronously: the whole run is one render
        return definition.run(prepared, { ...call, print: (text) => void lines.push(text) });
      });
      for (const line of lines) call.print(line);
    },
  };
}

/** Every action available on Node: the core's plus the ones only Node can run. */
export const nodeActions: readonly ActionDefinition<unknown>[] = [
  ...builtinActions.map((definition) => (ENGINE_AWARE.has(definition.name) ? withEngineCalls(definition) : definition)),
  dockerAction as ActionDefinition<unknown>,
  composeAction as ActionDefinition<unknown>,
  swarmAction as ActionDefinition<unknown>,
];
