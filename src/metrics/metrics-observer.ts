import metricsAction, { type MetricsPrepared } from '../actions/metrics.js';
import type { AppObserver, EndpointTracker } from '../app/observer.js';
import type { RequestScope } from '../app/request-scope.js';
import { actionCall } from '../app/run-actions.js';
import type { ConfiguredAction, EndpointConfig, ServerConfig } from '../config/server-config.js';
import type { Runtime } from '../runtime.js';
import type { LabelValues, MetricHandle, MetricsSink } from './metrics-sink.js';

/** One `metrics` action, registered with the sink. */
interface TrackedMetric {
  readonly action: ConfiguredAction;
  readonly prepared: MetricsPrepared;
  readonly handle: MetricHandle;
  readonly series: SeriesCap;
}

/** The label value every label of a metric takes once the metric holds `max_series` label sets. */
export const OVERFLOW = '__overflow__';

/**
 * Label values come from requests (a repository name, a path): unbounded, each new set a series
 * held in memory and exported forever. A metric keeps its first `max_series` label sets; every
 * later new one is recorded under one series whose labels are all `__overflow__`.
 */
class SeriesCap {
  private readonly seen = new Set<string>();
  private warned = false;

  constructor(
    private readonly max: number,
    private readonly warn: () => void,
  ) {}

  admit(labels: LabelValues): LabelValues {
    const names = Object.keys(labels);
    if (names.length === 0) return labels;
    const key = JSON.stringify(names.map((name) => labels[name]));
    if (this.seen.has(key)) return labels;
    if (this.seen.size < this.max) {
      this.seen.add(key);
      return labels;
    }
    if (!this.warned) {
      this.warned = true;
      this.warn();
    }
    return Object.fromEntries(names.map((name) => [name, OVERFLOW]));
  }
}

/**
 * Records the built-in series and the `metrics` actions' metrics into a sink. Every
 * `metrics` action is registered here, once, when the server is created.
 */
export function createMetricsObserver(config: ServerConfig, sink: MetricsSink, runtime: Runtime): AppObserver {
  const tracked = new Map<EndpointConfig, TrackedMetric[]>();
  for (const endpoint of config.endpoints) {
    const metrics = endpoint.actions
      .filter((action) => action.definition === metricsAction)
      .map((action) => {
        const prepared = action.prepared as MetricsPrepared;
        const { name } = prepared.metric;
        const series = new SeriesCap(prepared.maxSeries, () =>
          runtime.stderr(
            `${endpoint.method} ${endpoint.route}: action ${action.index} (metrics): "${name}" holds max_series (${prepared.maxSeries}) label sets; new ones are recorded under the labels "${OVERFLOW}"`,
          ),
        );
        return { action, prepared, handle: sink.register(prepared.metric), series };
      });
    if (metrics.length > 0) tracked.set(endpoint, metrics);
  }

  return {
    requestFinished: (event) => sink.requestFinished(event),
    actionFinished: (event) => sink.actionFinished(event),
    rateLimited: (event) => sink.rateLimited?.(event),
    debounced: (event) => sink.debounced?.(event),
    chainsWaiting: (event) => sink.chainsWaiting?.(event),
    endpointStarted({ endpoint, scope }) {
      const metrics = tracked.get(endpoint);
      return metrics && trackEndpoint(endpoint, metrics, scope, runtime);
    },
  };
}

/** Tracks one request to an endpoint for each of its metrics. */
function trackEndpoint(endpoint: EndpointConfig, metrics: readonly TrackedMetric[], scope: RequestScope, runtime: Runtime): EndpointTracker {
  // a gauge counts requests in progress: +1 now and −1 on the same labels at the end
  const gaugeLabels = metrics.map((metric) => {
    if (metric.prepared.metric.type !== 'gauge') return undefined;
    const rendered = renderLabels(endpoint, metric, scope, runtime, { response: null });
    // the −1 at the end goes to the series the +1 went to, overflow or not
    const labels = rendered && metric.series.admit(rendered);
    if (labels) metric.handle.inc(labels);
    return labels;
  });
  return {
    finished({ status, seconds }) {
      metrics.forEach((metric, i) => {
        const { type } = metric.prepared.metric;
        if (type === 'gauge') {
          const labels = gaugeLabels[i];
          if (labels) metric.handle.dec(labels);
          return;
        }
        const rendered = renderLabels(endpoint, metric, scope, runtime, { response: { status_code: status } });
        if (!rendered) return;
        const labels = metric.series.admit(rendered);
        if (type === 'counter') metric.handle.inc(labels);
        else metric.handle.observe(labels, seconds);
      });
    },
  };
}

/**
 * The label values for this request, rendered like the action's templates plus `response`
 * and stripped (as the original did). A label that fails to render is logged with the
 * endpoint and the action's index, and the request is not recorded in that metric.
 */
function renderLabels(endpoint: EndpointConfig, metric: TrackedMetric, scope: RequestScope, runtime: Runtime, extra: Record<string, unknown>): LabelValues | undefined {
  const entries = Object.entries(metric.prepared.labels);
  if (entries.length === 0) return {};
  const call = actionCall(endpoint, metric.action.index, metric.action.type, scope, runtime);
  const labels: LabelValues = {};
  for (const [name, template] of entries) {
    try {
      labels[name] = call.render(template, extra).trim();
    } catch (error) {
      runtime.stderr(
        `[${scope.request.id}] ${endpoint.method} ${endpoint.route}: action ${metric.action.index} (metrics): label "${name}" of "${metric.prepared.metric.name}" failed: ${error instanceof Error ? error.message : String(error)}`,
      );
      return undefined;
    }
  }
  return labels;
}
