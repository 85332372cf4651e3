import { builtinActions } from '../../src/actions/builtin-actions.js';
import type { ActionCall, ActionDefinition } from '../../src/actions/define-action.js';
import type { TemplateTree } from '../../src/config/settings.js';
import type { Template } from '../../src/templates/template.js';
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
    run(prepared, call) {
      // output is held back until a render completes, so a replayed render prints once
      const holding = new HoldingCall(call);
      const rendered = withTemplateCalls(() => {
        holding.lines.length = 0;
        // log and eval render and print synchronously: the whole run is one render
        return definition.run(prepared, holding);
      });
      // a render without engine calls is done here, and the action with it: no promise to wait on
      if (!(rendered instanceof Promise)) return holding.release();
      return rendered.then(() => holding.release());
    },
  };
}

/**
 * The call with its printed lines kept until `release`. A class rather than `{ ...call }` (the
 * call's methods live on its class), `Object.create(call)` (V8 makes an object used as a prototype
 * slow to create and to read, per request) or an object of closures (eight functions per request).
 */
class HoldingCall implements ActionCall {
  readonly lines: string[] = [];
  readonly error: ActionCall['error'];
  readonly request: ActionCall['request'];
  readonly context: ActionCall['context'];
  readonly runtime: ActionCall['runtime'];
  readonly where: ActionCall['where'];

  constructor(private readonly call: ActionCall) {
    this.error = call.error;
    this.request = call.request;
    this.context = call.context;
    this.runtime = call.runtime;
    this.where = call.where;
  }

  render(template: Template, extra?: Record<string, unknown>): string {
    return this.call.render(template, extra);
  }

  renderSecret(template: Template, extra?: Record<string, unknown>): string {
    return this.call.renderSecret(template, extra);
  }

  renderTree(tree: TemplateTree, extra?: Record<string, unknown>): unknown {
    return this.call.renderTree(tree, extra);
  }

  print(text: string): void {
    this.lines.push(text);
  }

  /** Prints what the completed render printed. */
  release(): void {
    for (const line of this.lines) this.call.print(line);
  }
}

/** Every action available on Node: the core's plus the ones only Node can run. */
export const nodeActions: readonly ActionDefinition<unknown>[] = [
  ...builtinActions.map((definition) => (ENGINE_AWARE.has(definition.name) ? withEngineCalls(definition) : definition)),
  dockerAction as ActionDefinition<unknown>,
  composeAction as ActionDefinition<unknown>,
  swarmAction as ActionDefinition<unknown>,
];
