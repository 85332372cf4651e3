import type { MetricType } from './metrics-sink.js';

/**
 * The series every webhook-proxy exposes, named as docs/metrics.md lists them. Adapters create
 * them from here so that names, labels and the reserved-name check cannot drift apart.
 */
export const HTTP_REQUESTS = {
  name: 'webhook_proxy_http_requests_total',
  help: 'HTTP requests answered, by method, configured route ("" when none matched) and status',
  labelNames: ['method', 'route', 'status'],
} as const;

export const HTTP_REQUEST_DURATION = {
  name: 'webhook_proxy_http_request_duration_seconds',
  help: 'Time to answer HTTP requests (async endpoints: the synchronous part), by method, route and status',
  labelNames: ['method', 'route', 'status'],
} as const;

export const ACTIONS = {
  name: 'webhook_proxy_actions',
  help: 'Duration of each action run, failed runs included',
  labelNames: ['http_route', 'http_method', 'action_type', 'action_index'],
} as const;

export const APP_INFO = {
  name: 'webhook_proxy_app_info',
  help: 'Always 1; the version label says which webhook-proxy is running',
  labelNames: ['version'],
} as const;

export const DELIVERIES = {
  name: 'webhook_proxy_deliveries',
  help: 'Deliveries in the journal by state (pending, running, retrying, succeeded, dead); Node',
  labelNames: ['state'],
} as const;

export const DELIVERY_ATTEMPTS = {
  name: 'webhook_proxy_delivery_attempts_total',
  help: 'Delivery attempts by route, method and outcome (succeeded; failed: retried later; dead: the last one failed)',
  labelNames: ['route', 'method', 'outcome'],
} as const;

export const ENDPOINT_WAITING_CHAINS = {
  name: 'webhook_proxy_endpoint_waiting_chains',
  help: "Action chains waiting for a slot of their endpoint's concurrency, by route and method",
  labelNames: ['route', 'method'],
} as const;

export const DEBOUNCED_REQUESTS = {
  name: 'webhook_proxy_debounced_requests_total',
  help: 'Requests of a debounced burst replaced by a later request of the same burst (coalesced: they do not run on their own), by route and method',
  labelNames: ['route', 'method'],
} as const;

export const RATE_LIMITED_REQUESTS = {
  name: 'webhook_proxy_rate_limited_requests_total',
  help: "Requests answered 429 by their endpoint's rate_limit, by route and method",
  labelNames: ['route', 'method'],
} as const;

/** prometheus_client's default histogram buckets, which the original used (prom-client's differ). */
export const DEFAULT_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];

/**
 * Metrics a `metrics` action cannot collide with: the series above and Node's default
 * process metrics (prom-client's `collectDefaultMetrics`; a test keeps this list complete).
 */
export const RESERVED_METRICS: readonly { name: string; type: MetricType }[] = [
  { name: HTTP_REQUESTS.name, type: 'counter' },
  { name: HTTP_REQUEST_DURATION.name, type: 'histogram' },
  { name: ACTIONS.name, type: 'summary' },
  { name: APP_INFO.name, type: 'gauge' },
  { name: DELIVERIES.name, type: 'gauge' },
  { name: DELIVERY_ATTEMPTS.name, type: 'counter' },
  { name: ENDPOINT_WAITING_CHAINS.name, type: 'gauge' },
  { name: DEBOUNCED_REQUESTS.name, type: 'counter' },
  { name: RATE_LIMITED_REQUESTS.name, type: 'counter' },
  { name: 'process_cpu_user_seconds_total', type: 'counter' },
  { name: 'process_cpu_system_seconds_total', type: 'counter' },
  { name: 'process_cpu_seconds_total', type: 'counter' },
  { name: 'process_start_time_seconds', type: 'gauge' },
  { name: 'process_resident_memory_bytes', type: 'gauge' },
  { name: 'process_virtual_memory_bytes', type: 'gauge' },
  { name: 'process_heap_bytes', type: 'gauge' },
  { name: 'process_open_fds', type: 'gauge' },
  { name: 'process_max_fds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_seconds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_min_seconds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_max_seconds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_mean_seconds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_stddev_seconds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_p50_seconds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_p90_seconds', type: 'gauge' },
  { name: 'nodejs_eventloop_lag_p99_seconds', type: 'gauge' },
  { name: 'nodejs_active_resources', type: 'gauge' },
  { name: 'nodejs_active_resources_total', type: 'gauge' },
  { name: 'nodejs_active_handles', type: 'gauge' },
  { name: 'nodejs_active_handles_total', type: 'gauge' },
  { name: 'nodejs_active_requests', type: 'gauge' },
  { name: 'nodejs_active_requests_total', type: 'gauge' },
  { name: 'nodejs_heap_size_total_bytes', type: 'gauge' },
  { name: 'nodejs_heap_size_used_bytes', type: 'gauge' },
  { name: 'nodejs_external_memory_bytes', type: 'gauge' },
  { name: 'nodejs_heap_space_size_total_bytes', type: 'gauge' },
  { name: 'nodejs_heap_space_size_used_bytes', type: 'gauge' },
  { name: 'nodejs_heap_space_size_available_bytes', type: 'gauge' },
  { name: 'nodejs_version_info', type: 'gauge' },
  { name: 'nodejs_gc_duration_seconds', type: 'histogram' },
];
