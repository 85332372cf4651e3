import type { EndpointConfig } from '../config/server-config.js';
import type { RequestScope } from './run-actions.js';

/** Hooks for measuring what the server does (the metrics feature plugs in here). */
export interface AppObserver {
  /** A request was answered. `route` is the configured route, or "" when none matched. */
  requestFinished?(event: { method: string; route: string; status: number; seconds: number }): void;
  /** One action ran (or failed). For async endpoints this fires when the background action ends. */
  actionFinished?(event: { route: string; method: string; type: string; index: number; seconds: number; ok: boolean }): void;
  /**
   * A request reached an endpoint (its route matched, whatever the method or the outcome).
   * Called before validation and actions; for requests refused earlier (OPTIONS, 405, 413,
   * invalid JSON, no payload) it is called just before `finished`. Return a tracker to hear
   * how the endpoint answered, or nothing when the endpoint is of no interest.
   */
  endpointStarted?(event: EndpointStarted): EndpointTracker | undefined;
}

export interface EndpointStarted {
  readonly endpoint: EndpointConfig;
  /**
   * The request's template scope. For requests refused before their body was read, the
   * body is empty and the payload null; `context` is the one the actions share.
   */
  readonly scope: RequestScope;
}

export interface EndpointTracker {
  /**
   * The endpoint answered: `seconds` since the request arrived. For async endpoints this
   * is the synchronous part only (validation), as in the original.
   */
  finished(event: { status: number; seconds: number }): void;
}
