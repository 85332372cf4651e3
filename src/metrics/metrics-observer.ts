import metricsAction, { type MetricsPrepared } from '../actions/metrics.js';
import type { AppObserver, EndpointTracker } from '../app/observer.js';
import { actionCall, type RequestScope } from '../app/run-actions.js';
import type { ConfiguredAction, EndpointConfig, ServerConfig } from '../config/server-config.js';
import type { Runtime } from '../runtime.js';
import type { LabelValues, MetricHandle, MetricsSink } from './metrics-sink.js';

/** One `metrics` action, registered with the sink. */
interface TrackedMetric {
  readonly action: ConfiguredAction;
  readonly prepared: MetricsPrepared;
  readonly handle: MetricHandle;
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
        return { action, prepared, handle: sink.register(prepared.metric) };
      });
    if (metrics.length > 0) tracked.set(endpoint, metrics);
  }

  return {
    requestFinished: (event) => sink.requestFinished(event),
    actionFinished: ({ route, method, type, index, seconds }) => sink.actionFinished({ route, method, type, index, seconds }),
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
    const labels = renderLabels(endpoint, metric, scope, runtime, { response: null });
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
        const labels = renderLabels(endpoint, metric, scope, runtime, { response: { status_code: status } });
        if (!labels) return;
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
