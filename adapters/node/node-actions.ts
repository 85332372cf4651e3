import { builtinActions } from '../../src/actions/builtin-actions.js';
import type { ActionCall, ActionDefinition } from '../../src/actions/define-action.js';
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
      const holding = holdingOutput(call, lines);
      await withTemplateCalls(() => {
        lines.length = 0;
        // log and eval render and print synchronously: the whole run is one render
        return definition.run(prepared, holding);
      });
      for (const line of lines) call.print(line);
    },
  };
}

/**
 * The call with its printed lines kept in `lines`. Written out rather than `{ ...call }` (the call's
 * methods live on its class) or `Object.create(call)` (V8 makes an object used as a prototype slow
 * to create and to read, per request).
 */
function holdingOutput(call: ActionCall, lines: string[]): ActionCall {
  return {
    render: (template, extra) => call.render(template, extra),
    renderSecret: (template, extra) => call.renderSecret(template, extra),
    renderTree: (tree, extra) => call.renderTree(tree, extra),
    print: (text) => void lines.push(text),
    error: call.error,
    request: call.request,
    context: call.context,
    runtime: call.runtime,
    where: call.where,
  };
}

/** Every action available on Node: the core's plus the ones only Node can run. */
export const nodeActions: readonly ActionDefinition<unknown>[] = [
  ...builtinActions.map((definition) => (ENGINE_AWARE.has(definition.name) ? withEngineCalls(definition) : definition)),
  dockerAction as ActionDefinition<unknown>,
  composeAction as ActionDefinition<unknown>,
  swarmAction as ActionDefinition<unknown>,
];
