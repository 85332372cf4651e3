import type { EndpointConfig } from '../config/server-config.js';
import type { RequestScope } from './request-scope.js';

/** Hooks for measuring what the server does (the metrics feature plugs in here). */
export interface AppObserver {
  /** A request was answered. `route` is the configured route, or "" when none matched. */
  requestFinished?(event: { method: string; route: string; status: number; seconds: number }): void;
  /** One action ran (or failed). For async endpoints this fires when the background action ends. */
  actionFinished?(event: { route: string; method: string; type: string; index: number; seconds: number; ok: boolean }): void;
  /** A request was answered 429 by its endpoint's `rate_limit`. */
  rateLimited?(event: { route: string; method: string }): void;
  /** `count` waiting requests of a debounced burst were replaced by a later one (they will not run). */
  debounced?(event: { route: string; method: string; count: number }): void;
  /** Chains waiting for the endpoint's `concurrency` went up (+1) or down (−1). */
  chainsWaiting?(event: { route: string; method: string; delta: number }): void;
  /**
   * A request passed its endpoint's validation and sender checks (the verify family), before
   * the other actions run. Requests refused earlier (OPTIONS, 405, 413, 400, 409, 401) are never
   * reported: their labels would let anyone create series. Return a tracker to hear how the
   * endpoint answered, or nothing when the endpoint is of no interest.
   */
  endpointStarted?(event: EndpointStarted): EndpointTracker | undefined;
  /**
   * A request that matched an endpoint was answered, refused or not (OPTIONS aside): the
   * deliveries page keeps the ones the delivery journal does not hold. Paths no endpoint has
   * are never reported, so a scan of random paths leaves nothing behind.
   */
  requestAnswered?(event: AnsweredRequest): void;
}

export interface AnsweredRequest {
  /** The request id (the sender's delivery id where it sends one). */
  readonly id: string;
  readonly endpoint: EndpointConfig;
  /** As sent (HEAD reaches a GET endpoint). */
  readonly method: string;
  readonly path: string;
  readonly status: number;
  readonly seconds: number;
  readonly headers: Headers;
  /** The body as read; undefined when it was not (a 405, or too large). */
  readonly body: Uint8Array | undefined;
  readonly remoteAddr: string;
}

export interface EndpointStarted {
  readonly endpoint: EndpointConfig;
  /** The request's template scope; `context` is the one the actions share. */
  readonly scope: RequestScope;
}

export interface EndpointTracker {
  /**
   * The endpoint answered: `seconds` since the request arrived. For async endpoints this
   * is the synchronous part only (validation), as in the original.
   */
  finished(event: { status: number; seconds: number }): void;
}
