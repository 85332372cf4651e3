/**
 * What one app does with its endpoints' `rate_limit`, `concurrency`, `debounce` and `response`
 * (docs/configuration.md). The request path (src/app/handle-webhook.ts) asks, in this order:
 * `rateLimit` once the request passed its rules (before any action, the sender checks included),
 * `keys` before dispatch, `runChain` around each action chain, `answer` for the success answer.
 * The delivery journal's executor runs stored deliveries through `runDelivery`.
 */
import { findDeferredEndpoint } from '../app/deferred-request.js';
import type { AppObserver } from '../app/observer.js';
import type { RequestScope } from '../app/request-scope.js';
import { answers } from '../app/responses.js';
import { actionCall } from '../app/run-actions.js';
import type { EndpointConfig, ServerConfig } from '../config/server-config.js';
import type { DeliveryRecord } from '../delivery/delivery-record.js';
import type { Runtime } from '../runtime.js';
import type { Template } from '../templates/index.js';
import { ConcurrencyGate } from './concurrency-gate.js';
import { RateLimiter } from './rate-limiter.js';

/** The rendered keys of one request: absent where the endpoint has no such control. */
export interface ControlKeys {
  /** `concurrency_key`, or "" for the endpoint's one limit. */
  readonly concurrency?: string;
  /** `debounce_key`, or "" for the endpoint's one burst. */
  readonly debounce?: string;
}

/** The success answer, or the 500 that replaces it when its templates failed (logged). */
export type Answer = { readonly ok: true; readonly response: Response } | { readonly ok: false; readonly response: Response };

/**
 * Gates and windows outlive a reload (a new app on the same runtime): a SIGHUP must not let a
 * second chain start beside a running one, nor open a fresh rate window. Keyed by the endpoint
 * and its limit, so a changed limit starts anew.
 */
const shared = new WeakMap<Runtime, Map<string, ConcurrencyGate | RateLimiter>>();

function sharedOf<T extends ConcurrencyGate | RateLimiter>(runtime: Runtime, name: string, make: () => T): T {
  let byName = shared.get(runtime);
  if (!byName) {
    byName = new Map();
    shared.set(runtime, byName);
  }
  let found = byName.get(name) as T | undefined;
  if (!found) {
    found = make();
    byName.set(name, found);
  }
  return found;
}

export class EndpointControls {
  private readonly gates = new Map<EndpointConfig, ConcurrencyGate>();
  private readonly limiters = new Map<EndpointConfig, RateLimiter>();

  constructor(
    private readonly config: ServerConfig,
    private readonly runtime: Runtime,
    private readonly observer: AppObserver,
  ) {
    for (const endpoint of config.endpoints) {
      const id = `${endpoint.method} ${endpoint.route}`;
      const { concurrency, rateLimit } = endpoint;
      if (concurrency)
        this.gates.set(
          endpoint,
          sharedOf(runtime, `${id} concurrency ${concurrency.limit}`, () => new ConcurrencyGate(concurrency.limit)),
        );
      if (rateLimit)
        this.limiters.set(
          endpoint,
          sharedOf(runtime, `${id} rate ${rateLimit.limit}/${rateLimit.windowSeconds}`, () => new RateLimiter(rateLimit.limit, rateLimit.windowSeconds * 1000)),
        );
    }
  }

  /** `429 Too Many Requests` with Retry-After when the endpoint's (key's) window is full; undefined when the request may go on. */
  rateLimit(endpoint: EndpointConfig, scope: RequestScope): Response | undefined {
    const limiter = this.limiters.get(endpoint);
    if (!limiter) return undefined;
    const key = this.render(endpoint, scope, 'rate_limit_key', endpoint.rateLimit?.key);
    if (key instanceof Response) return key;
    const waitMs = limiter.take(key ?? '');
    if (waitMs === undefined) return undefined;
    this.observer.rateLimited?.({ route: endpoint.route, method: endpoint.method });
    return answers.tooManyRequests(Math.max(1, Math.ceil(waitMs / 1000)));
  }

  /** The request's `concurrency_key` and `debounce_key`; a 500 (logged) when one fails to render. */
  keys(endpoint: EndpointConfig, scope: RequestScope): ControlKeys | Response {
    const concurrency = endpoint.concurrency ? this.render(endpoint, scope, 'concurrency_key', endpoint.concurrency.key) : undefined;
    if (concurrency instanceof Response) return concurrency;
    const debounce = endpoint.debounce ? this.render(endpoint, scope, 'debounce_key', endpoint.debounce.key) : undefined;
    if (debounce instanceof Response) return debounce;
    return { ...(endpoint.concurrency ? { concurrency: concurrency ?? '' } : {}), ...(endpoint.debounce ? { debounce: debounce ?? '' } : {}) };
  }

  /** Runs an action chain of the endpoint in its concurrency slot (at once when it has no `concurrency`). */
  runChain<T>(endpoint: EndpointConfig, key: string | undefined, work: () => Promise<T>): Promise<T> {
    const gate = this.gates.get(endpoint);
    if (!gate) return work();
    return gate.run(key ?? '', work, (delta) => this.observer.chainsWaiting?.({ route: endpoint.route, method: endpoint.method, delta }));
  }

  /**
   * A stored delivery's attempt, in its endpoint's concurrency slot under the key rendered when
   * it was accepted. Replays are not gated here: they go through the endpoint again, and are
   * gated there.
   */
  runDelivery<T>(record: DeliveryRecord, work: () => Promise<T>): Promise<T> {
    if (record.kind !== 'request') return work();
    const endpoint = findDeferredEndpoint(this.config, record.request);
    return endpoint ? this.runChain(endpoint, record.request.concurrencyKey, work) : work();
  }

  /** The endpoint's success answer: `200 OK\n`, or its `response` rendered with the request and `context`. */
  answer(endpoint: EndpointConfig, scope: RequestScope): Answer {
    const response = endpoint.response;
    if (!response) return { ok: true, response: answers.ok() };
    const call = actionCall(endpoint, endpoint.actions.length, 'response', scope, this.runtime);
    let what = 'response.body';
    try {
      const headers = new Headers({ 'Content-Type': 'text/plain' });
      for (const [name, template] of Object.entries(response.headers)) {
        what = `response.headers.${name}`;
        headers.set(name, call.render(template));
      }
      what = 'response.body';
      const body = response.body ? call.render(response.body) : null;
      return { ok: true, response: new Response(body, { status: response.status, headers }) };
    } catch (error) {
      this.failed(endpoint, scope, what, error);
      return { ok: false, response: answers.serverError() };
    }
  }

  private render(endpoint: EndpointConfig, scope: RequestScope, what: string, template: Template | undefined): string | undefined | Response {
    if (!template) return undefined;
    try {
      return actionCall(endpoint, endpoint.actions.length, what, scope, this.runtime).render(template);
    } catch (error) {
      this.failed(endpoint, scope, what, error);
      return answers.serverError();
    }
  }

  private failed(endpoint: EndpointConfig, scope: RequestScope, what: string, error: unknown): void {
    const message = error instanceof Error ? error.message : String(error);
    this.runtime.log({
      level: 'error',
      msg: `${what} failed: ${message}`,
      text: `[${scope.request.id}] ${endpoint.method} ${endpoint.route}: ${what} failed: ${message}`,
      request_id: scope.request.id,
      route: endpoint.route,
      method: endpoint.method,
    });
  }
}

/** `debounce` keeps its bursts in the delivery journal: without one there is nowhere to keep them. */
export function requireDebounceJournal(config: ServerConfig, hasJournal: boolean, runtime: Runtime): void {
  const endpoint = config.endpoints.find((candidate) => candidate.debounce);
  if (endpoint && !hasJournal)
    throw new Error(`${endpoint.path}.debounce: "debounce" needs the delivery journal, which ${runtime.name} does not have: run the endpoint on Node (docs/configuration.md)`);
}
