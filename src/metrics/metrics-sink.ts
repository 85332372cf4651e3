/**
 * Where metrics are recorded. The core and the `metrics` action talk to this interface
 * only; each adapter brings its backend (prom-client on Node) or none at all.
 */
export interface MetricsSink {
  /** One request answered: `route` is the configured route, "" when none matched. */
  requestFinished(event: { method: string; route: string; status: number; seconds: number }): void;
  /** One action ran (failed runs included). */
  actionFinished(event: { route: string; method: string; type: string; index: number; seconds: number }): void;
  /** Endpoint controls (optional: a sink without a backend leaves them out): a 429 of `rate_limit`. */
  rateLimited?(event: { route: string; method: string }): void;
  /** `count` requests of a debounced burst were replaced by a later one. */
  debounced?(event: { route: string; method: string; count: number }): void;
  /** Chains waiting for the endpoint's `concurrency`: +1 or −1. */
  chainsWaiting?(event: { route: string; method: string; delta: number }): void;
  /** Registers a metric of the `metrics` action; called once per metric when the server is created. */
  register(metric: MetricDefinition): MetricHandle;
}

/** What the metrics see of a delivery journal: each attempt's outcome. */
export interface DeliveryMetricsSink {
  deliveryAttempted(event: { route: string; method: string; outcome: 'succeeded' | 'failed' | 'dead' }): void;
}

export type MetricType = 'histogram' | 'summary' | 'gauge' | 'counter';

/** Label name → value. */
export type LabelValues = Record<string, string>;

/** A metric declared by a `metrics` action, checked at load. Plain data, so builds can serialise it. */
export interface MetricDefinition {
  readonly type: MetricType;
  /** The metric family name, prefixes applied; counters end in `_total`. */
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly string[];
  /** Histogram buckets (upper bounds, ascending, +Inf implied). */
  readonly buckets?: readonly number[];
  /** Summary settings, as prom-client names them. */
  readonly percentiles?: readonly number[];
  readonly maxAgeSeconds?: number;
  readonly ageBuckets?: number;
  readonly pruneAgedBuckets?: boolean;
  readonly compressCount?: number;
}

/** A registered metric. Which calls apply depends on its type. */
export interface MetricHandle {
  /** histogram, summary: one observation (seconds). */
  observe(labels: LabelValues, value: number): void;
  /** counter, gauge: +1. */
  inc(labels: LabelValues): void;
  /** gauge: −1. */
  dec(labels: LabelValues): void;
}
