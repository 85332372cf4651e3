import { ActionError, SecretNotConfiguredError } from '../actions/action-error.js';
import type { ActionCall } from '../actions/define-action.js';
import type { EndpointConfig } from '../config/server-config.js';
import type { TemplateTree } from '../config/settings.js';
import { ctime } from '../context/ctime.js';
import { isUnsetText, warnUnsetConfig, watchUnsetConfig } from '../context/unset-config.js';
import { ReplayRequested, replayFunction } from '../delivery/replay.js';
import type { Runtime } from '../runtime.js';
import { isTemplate, type Template } from '../templates/template.js';
import type { AppObserver } from './observer.js';
import type { RequestScope } from './request-scope.js';

/**
 * How an endpoint's action chain ended: all ran, or the action at `index` failed for `reason`
 * and the answer is `status`.
 */
export type ChainOutcome = { readonly ok: true } | { readonly ok: false; readonly status: number; readonly index: number; readonly reason: string };

const SUCCEEDED: ChainOutcome = { ok: true };

/**
 * Runs the endpoint's actions in order, from `from` up to (not including) `to`. The first
 * failure stops the chain and is logged with the endpoint, the action's index and the request id.
 */
export async function runActions(endpoint: EndpointConfig, scope: RequestScope, runtime: Runtime, observer: AppObserver, from = 0, to = endpoint.actions.length): Promise<ChainOutcome> {
  for (let i = from; i < to; i++) {
    const action = endpoint.actions[i]!;
    const started = performance.now();
    let failure: ChainOutcome | undefined;
    try {
      const running = action.definition.run(action.prepared, actionCall(endpoint, action.index, action.type, scope, runtime));
      // a synchronous action (log and eval on Node when their templates call no engine method, metrics) has nothing to wait for
      if (running) await running;
    } catch (error) {
      // replay() ends the action without an error once the replay is kept, as in the original
      const replayFailure = error instanceof ReplayRequested ? await requestReplay(scope, error.seconds, runtime) : undefined;
      if (!(error instanceof ReplayRequested) || replayFailure !== undefined) {
        const reason = replayFailure ?? describeError(error, runtime);
        failure = { ok: false, status: error instanceof ActionError ? error.status : 500, index: action.index, reason: reason.split('\n')[0]! };
        runtime.log({
          level: 'error',
          msg: `action ${action.index} (${action.type}) failed: ${reason}`,
          request_id: scope.request.id,
          route: endpoint.route,
          method: endpoint.method,
          action: action.type,
          action_index: action.index,
        });
      }
    }
    observer.actionFinished?.({ route: endpoint.route, method: endpoint.method, type: action.type, index: action.index, seconds: (performance.now() - started) / 1000, ok: !failure });
    if (failure) return failure;
  }
  return SUCCEEDED;
}

/**
 * `replay(seconds)` was called: the action ends there without an error, as in the original
 * once the replay is in the journal; the reason it could not be kept, otherwise.
 */
async function requestReplay(scope: RequestScope, seconds: number, runtime: Runtime): Promise<string | undefined> {
  if (!scope.replay) return `replay() is not available on ${runtime.name}`;
  try {
    await scope.replay(seconds);
  } catch (error) {
    return `cannot keep the replay: ${error instanceof Error ? error.message : String(error)}`;
  }
  runtime.stdout(`Replay requested on ${scope.request.path}`);
  return undefined;
}

/**
 * How many leading actions of an endpoint check who sent the request (the verify family). On
 * async endpoints they run before the answer, so a forged request gets `401`, not `200`.
 */
export function senderChecks(endpoint: EndpointConfig): number {
  let count = 0;
  while (count < endpoint.actions.length && endpoint.actions[count]!.definition.checksSender) count++;
  return count;
}

/** What an action (or a template of the endpoint, e.g. a metric's labels) sees for one request. */
export function actionCall(endpoint: EndpointConfig, index: number, type: string, scope: RequestScope, runtime: Runtime): ActionCall {
  return new RequestActionCall(endpoint, index, type, scope, runtime);
}

// one per action type, not per call: templates call it as a plain function
const errorFunctions = new Map<string, (message?: string) => never>();

function errorFunction(type: string): (message?: string) => never {
  let error = errorFunctions.get(type);
  if (!error) {
    error = (message?: string): never => {
      throw new ActionError(message ? String(message) : `The "${type}" action threw an error`);
    };
    errorFunctions.set(type, error);
  }
  return error;
}

/** A class rather than an object of closures: its methods are made once, not on every call. */
class RequestActionCall implements ActionCall {
  readonly error: (message?: string) => never;
  readonly request: ActionCall['request'];
  readonly context: Record<string, unknown>;
  readonly where: ActionCall['where'];
  /** The names every template of the action sees. */
  private readonly base: Record<string, unknown>;

  constructor(
    private readonly endpoint: EndpointConfig,
    private readonly index: number,
    private readonly type: string,
    scope: RequestScope,
    readonly runtime: Runtime,
  ) {
    this.error = errorFunction(type);
    this.request = scope.request;
    this.context = scope.context;
    this.where = { route: endpoint.route, method: endpoint.method, index, action: type };
    const now = new Date();
    this.base = {
      request: scope.templateRequest,
      timestamp: now.getTime() / 1000,
      datetime: ctime(now),
      own_container_id: runtime.ownContainerId(),
      read_config: scope.readConfig,
      error: this.error,
      context: scope.context,
      replay: replayFunction,
    };
  }

  render(template: Template, extra?: Record<string, unknown>): string {
    return template.render(extra ? { ...this.base, ...extra } : this.base);
  }

  renderSecret(template: Template, extra?: Record<string, unknown>): string {
    const { value, unset } = watchUnsetConfig(() => this.render(template, extra));
    if (unset.length === 0 && !isUnsetText(value)) return value;
    warnUnsetConfig(this.runtime, unset, `${this.endpoint.method} ${this.endpoint.route} action ${this.index} (${this.type})`);
    throw new SecretNotConfiguredError(unset);
  }

  renderTree(tree: TemplateTree, extra?: Record<string, unknown>): unknown {
    if (tree === null || typeof tree !== 'object') return tree;
    if (Array.isArray(tree)) return tree.map((item) => this.renderTree(item, extra));
    if (isTemplate(tree)) return this.render(tree, extra);
    return Object.fromEntries(Object.entries(tree).map(([key, value]) => [key, this.renderTree(value, extra)]));
  }

  // as the original printed it in text; with the request's fields in json
  print(text: string): void {
    const { endpoint } = this;
    this.runtime.log({ level: 'info', msg: text, text, request_id: this.request.id, route: endpoint.route, method: endpoint.method, action: this.type, action_index: this.index });
  }
}

function describeError(error: unknown, runtime: Runtime): string {
  if (!(error instanceof Error)) return String(error);
  const detail = runtime.env('DEBUG') && error.stack ? `\n${error.stack}` : '';
  return `${error.message}${detail}`;
}
