import type { ActionDefinition } from '../actions/define-action.js';
import type { TrustProxySetting } from '../app/client-address.js';
import type { LogFormat } from '../app/log-output.js';
import type { RetryPolicy } from '../delivery/retry-policy.js';
import type { RoutePattern } from '../routing/flask-rule.js';
import type { Template } from '../templates/index.js';
import type { HeaderRule, MappingRule } from '../validation/rules.js';
import type { SourcePosition } from './config-error.js';
import type { UiSettings } from './load-ui-settings.js';

/** The `server` section, with defaults applied. */
export interface ServerSettings {
  host: string;
  port: number;
  /** Module paths of user actions, resolved against the config file's folder. */
  imports: string[];
  /** Largest accepted request body, in bytes. */
  maxBodySize: number;
  /** How long SIGTERM waits for in-flight work, in seconds. */
  shutdownTimeout: number;
  /** Action chains running at once, across endpoints; null: the platform's default (Node: 4 × cores). */
  maxConcurrency: number | null;
  /** Accepted async requests waiting for a slot; past it they get 503. */
  maxPending: number;
  /** Where the Node server keeps state across restarts (the delivery ids of `dedupe`), as written. */
  stateDir: string;
  /** Cloudflare Workers: the KV namespace binding that keeps delivery ids; null: the isolate's memory. */
  dedupeKv: string | null;
  /** Cloudflare Workers: the queue binding async deliveries and replays go through; null: waitUntil, as before. */
  queue: string | null;
  /** Cloudflare Workers: the queue binding dead deliveries are sent to (needed with `queue`). */
  deadLetterQueue: string | null;
  /** How long the Node journal keeps succeeded deliveries, in seconds (`server.history`). */
  historySeconds: number;
  /** GET /healthz answers on every runtime; false leaves /healthz to the endpoints (public edges). */
  health: boolean;
  /** `text` (the original's lines) or `json` (one object per line); WEBHOOK_PROXY_LOG_FORMAT overrides it. */
  logFormat: LogFormat;
  /** Whose X-Forwarded-For / Forwarded to believe for the client's address: false (none), true (all), hops, or addresses/CIDRs. */
  trustProxy: TrustProxySetting;
  /** The deliveries page (Node only); null: off. */
  ui: UiSettings | null;
}

export interface ConfiguredAction {
  /** 0-based position in the endpoint's action list. */
  readonly index: number;
  readonly type: string;
  readonly definition: ActionDefinition<unknown>;
  readonly prepared: unknown;
  /** Where the action is written, for messages. */
  readonly position?: SourcePosition;
}

export interface EndpointConfig {
  readonly route: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  readonly pattern: RoutePattern;
  readonly headers: readonly HeaderRule[];
  /** Body rules; null when the endpoint has none. */
  readonly body: MappingRule | null;
  readonly async: boolean;
  readonly actions: readonly ConfiguredAction[];
  /** The endpoint's key path in the file, e.g. `endpoints[0]./github`, for messages. */
  readonly path: string;
  /** Delivery-id dedupe (docs/dedupe.md); absent when the endpoint has no `dedupe`. */
  readonly dedupe?: DedupeSettings;
  /** `retry` (async endpoints, docs/delivery.md); absent: one attempt. */
  readonly retry?: RetryPolicy;
  /** `response`: the success answer (docs/configuration.md); absent: `200 OK\n`. */
  readonly response?: EndpointResponse;
  /** `concurrency` (+ `concurrency_key`); absent: only server.max_concurrency applies. */
  readonly concurrency?: ConcurrencySettings;
  /** `debounce` (+ `debounce_key`), async endpoints only. */
  readonly debounce?: DebounceSettings;
  /** `rate_limit` (+ `rate_limit_key`). */
  readonly rateLimit?: RateLimitSettings;
}

export interface EndpointResponse {
  /** 200–399. */
  readonly status: number;
  /** Rendered with the request and `context`; absent: no body (only for 204, 205 and 304). */
  readonly body?: Template;
  /** Header name → template of its value. */
  readonly headers: Readonly<Record<string, Template>>;
}

export interface ConcurrencySettings {
  /** Action chains of this endpoint (of one key) running at once; at least 1. */
  readonly limit: number;
  /** Renders the key the limit applies to; absent: one limit for the endpoint. */
  readonly key?: Template;
}

export interface DebounceSettings {
  /** Quiet time after a burst's last request before it runs. */
  readonly seconds: number;
  /** Renders the burst a request belongs to; absent: one burst for the endpoint. */
  readonly key?: Template;
}

export interface RateLimitSettings {
  /** Requests allowed in any `windowSeconds`. */
  readonly limit: number;
  readonly windowSeconds: number;
  /** Renders the key the limit applies to; absent: one limit for the endpoint. */
  readonly key?: Template;
}

export interface DedupeSettings {
  /** Renders the request's delivery id; an empty (or `None`) rendering is never a duplicate. */
  readonly id: Template;
  readonly windowSeconds: number;
}

export interface ServerConfig {
  /** The config file, as given. */
  readonly file: string;
  readonly server: ServerSettings;
  readonly endpoints: readonly EndpointConfig[];
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  host: '127.0.0.1',
  port: 5000,
  imports: [],
  maxBodySize: 25 * 1024 * 1024,
  shutdownTimeout: 30,
  maxConcurrency: null,
  maxPending: 1000,
  stateDir: './.webhook-proxy/',
  dedupeKv: null,
  queue: null,
  deadLetterQueue: null,
  historySeconds: 7 * 86_400,
  health: true,
  logFormat: 'text',
  trustProxy: false,
  ui: null,
};
