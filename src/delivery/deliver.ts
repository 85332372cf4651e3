/**
 * One attempt of a stored delivery, the same on every runtime: a request runs its endpoint's
 * actions from the one that failed last, with the `context` the earlier ones left; a replay goes
 * through the endpoint again. The retry policy then says what comes next.
 */
import { deferRequest, deferredToRequest, findDeferredEndpoint, reviveRequest } from '../app/deferred-request.js';
import type { AppObserver } from '../app/observer.js';
import { requestScope, type RequestScope } from '../app/request-scope.js';
import { runActions } from '../app/run-actions.js';
import type { EndpointConfig, ServerConfig } from '../config/server-config.js';
import { makeReadConfig } from '../context/read-config.js';
import type { WebhookRequest } from '../request/webhook-request.js';
import type { Runtime } from '../runtime.js';
import { contextToJson } from './context-json.js';
import { newDelivery, type DeliveryRecord, type JsonValue } from './delivery-record.js';
import type { DeliveryJournal, Settlement } from './journal.js';
import { backoffSeconds, NO_RETRY } from './retry-policy.js';

export interface DeliveryEnvironment {
  readonly config: ServerConfig;
  readonly runtime: Runtime;
  readonly observer: AppObserver;
  readonly journal: DeliveryJournal;
  /** Sends a request through the app's webhook path (validation, sender checks, dispatch): replays. */
  resend(request: Request): Promise<Response>;
  /** For tests of the policy; default Math.random. */
  readonly random?: () => number;
}

/** Runs one attempt from `begin` to `settle` and logs it on one line. */
export async function deliverOnce(record: DeliveryRecord, env: DeliveryEnvironment): Promise<Settlement> {
  const { runtime, journal } = env;
  const attempt = await journal.begin(record);
  const endpoint = findDeferredEndpoint(env.config, record.request);
  const settlement = await attemptDelivery(record, attempt, endpoint, env);
  await journal.settle(record, attempt, settlement);
  runtime.stderr(attemptLine(record, attempt, endpoint, settlement, env));
  return settlement;
}

/** `delivery m3k9x2a1-4f0c9e2b POST /hook: attempt 2 of 5 failed at action 1 (http): HTTP call failed (HTTP 502); next attempt in 20.4 s` */
function attemptLine(record: DeliveryRecord, attempt: number, endpoint: EndpointConfig | undefined, settlement: Settlement, env: DeliveryEnvironment): string {
  const attempts = (endpoint?.retry ?? NO_RETRY).attempts;
  const of = env.journal.retryNote && attempts > 1 ? 'attempt' : `attempt ${attempt} of ${Math.max(attempt, attempts)}`;
  const head = `delivery ${record.id} ${record.request.method} ${record.request.route}: ${record.kind === 'replay' ? 'replay ' : ''}${of}`;
  if (settlement.state === 'succeeded') return `${head} succeeded`;
  const action =
    settlement.failedAction === null ? '' : ` at action ${settlement.failedAction}${endpoint?.actions[settlement.failedAction] ? ` (${endpoint.actions[settlement.failedAction]!.type})` : ''}`;
  const next =
    settlement.state === 'retrying'
      ? (env.journal.retryNote ?? `next attempt in ${((settlement.dueAt - Date.now()) / 1000).toFixed(1)} s`)
      : `dead (${env.journal.deadNote ?? 'kept; `webhook-proxy deliveries retry ID` sends it again'})`;
  return `${head} failed${action}: ${settlement.error}; ${next}`;
}

async function attemptDelivery(record: DeliveryRecord, attempt: number, endpoint: EndpointConfig | undefined, env: DeliveryEnvironment): Promise<Settlement> {
  if (!endpoint) {
    return { state: 'dead', nextAction: record.nextAction, context: record.context, error: 'no such endpoint in the configuration (was it removed?)', dueAt: Date.now(), failedAction: null };
  }
  if (record.kind === 'replay') return replayOnce(record, attempt, endpoint, env);
  const scope = deliveryScope(reviveRequest(record.request), record.request.route, record.context, env);
  const dropped = new Set<string>();
  const stored = () => {
    const converted = contextToJson(scope.context);
    for (const name of converted.dropped) {
      if (!dropped.has(name)) env.runtime.stderr(`delivery ${record.id}: context "${name}" has no JSON form and is not kept for a retry`);
      dropped.add(name);
    }
    return converted.json;
  };
  // one action at a time, its progress written down after each, so that a crash re-runs only the action it interrupted
  for (let index = record.nextAction; index < endpoint.actions.length; index++) {
    const outcome = await runActions(endpoint, scope, env.runtime, env.observer, index, index + 1);
    if (!outcome.ok) return failed(endpoint, attempt, outcome.index, stored(), outcome.reason, outcome.index, env);
    if (index + 1 < endpoint.actions.length) await env.journal.progress(record, index + 1, stored());
  }
  return { state: 'succeeded', nextAction: endpoint.actions.length, context: stored(), error: null, dueAt: Date.now(), failedAction: null };
}

/** The request again through the endpoint's whole path: 2xx ends it; a refusal (4xx) is final; 5xx may be retried. */
async function replayOnce(record: DeliveryRecord, attempt: number, endpoint: EndpointConfig, env: DeliveryEnvironment): Promise<Settlement> {
  env.runtime.stdout(`Replaying request on ${record.request.path}`);
  let status: number;
  try {
    const answer = await env.resend(deferredToRequest(record.request));
    await answer.body?.cancel();
    status = answer.status;
  } catch (error) {
    status = 500;
    env.runtime.stderr(`delivery ${record.id}: replay failed: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (status < 300) return { state: 'succeeded', nextAction: 0, context: {}, error: null, dueAt: Date.now(), failedAction: null };
  const error = `the endpoint answered ${status}`;
  if (status < 500) return { state: 'dead', nextAction: 0, context: {}, error, dueAt: Date.now(), failedAction: null };
  return failed(endpoint, attempt, 0, {}, error, null, env);
}

function failed(endpoint: EndpointConfig, attempt: number, nextAction: number, context: Record<string, JsonValue>, error: string, failedAction: number | null, env: DeliveryEnvironment): Settlement {
  const policy = endpoint.retry ?? NO_RETRY;
  if (attempt >= policy.attempts) return { state: 'dead', nextAction, context, error, dueAt: Date.now(), failedAction };
  const dueAt = Date.now() + Math.round(backoffSeconds(policy, attempt, env.random) * 1000);
  return { state: 'retrying', nextAction, context, error, dueAt, failedAction };
}

/** A scope whose `context` starts as the stored one and whose replay() goes to the journal. */
function deliveryScope(request: WebhookRequest, route: string, context: Readonly<Record<string, JsonValue>>, env: DeliveryEnvironment): RequestScope {
  const scope = requestScope(request, makeReadConfig(env.runtime));
  Object.assign(scope.context, context);
  return withReplay(scope, env.journal, route);
}

/** The scope with `replay(seconds)` kept in the journal, to run `seconds` from now. */
export function withReplay(scope: RequestScope, journal: DeliveryJournal, route: string): RequestScope {
  const replay = async (seconds: number): Promise<void> => {
    const now = Date.now();
    const request = deferRequest(route, scope.request);
    await journal.accept(newDelivery(request, { kind: 'replay', now, dueAt: now + Math.round(seconds * 1000) }), { runHere: false });
  };
  // each field named rather than `{ ...scope, replay }`: V8 builds that spread-plus-one-more
  // object some 25 times slower, and this runs for every request of a config with a journal
  const { request, templateRequest, context, readConfig } = scope;
  return { request, templateRequest, context, readConfig, replay };
}
