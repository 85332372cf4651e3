import type { MetricHandle, MetricsSink } from './metrics-sink.js';

const NOOP_HANDLE: MetricHandle = { observe() {}, inc() {}, dec() {} };

/**
 * A sink that records nothing: for platforms without a metrics backend (Cloudflare Workers).
 * The `metrics` action still runs there and prints its output.
 */
export const noopMetricsSink: MetricsSink = {
  requestFinished() {},
  actionFinished() {},
  register: () => NOOP_HANDLE,
};
