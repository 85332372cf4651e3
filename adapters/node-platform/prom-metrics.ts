import { collectDefaultMetrics, Counter, Gauge, Histogram, type OpenMetricsContentType, Registry, Summary } from 'prom-client';
import { DELIVERY_STATES } from '../../src/delivery/delivery-record.js';
import {
  ACTIONS,
  APP_INFO,
  DEBOUNCED_REQUESTS,
  DEFAULT_BUCKETS,
  DELIVERIES,
  DELIVERY_ATTEMPTS,
  ENDPOINT_WAITING_CHAINS,
  HTTP_REQUEST_DURATION,
  HTTP_REQUESTS,
  RATE_LIMITED_REQUESTS,
} from '../../src/metrics/builtin-series.js';
import type { DeliveryMetricsSink, LabelValues, MetricDefinition, MetricHandle, MetricsSink } from '../../src/metrics/metrics-sink.js';
import { CountSumSummary } from './count-sum-summary.js';
import { RequestSeries } from './request-series.js';

/** One scrape: what to send back. */
export interface Exposition {
  readonly contentType: string;
  readonly body: string;
}

/**
 * The metrics sink on Node: prom-client, in a registry of its own (not prom-client's
 * global one), so that one process can hold several servers, as the tests do.
 */
export class PromMetrics implements MetricsSink {
  readonly registry = new Registry();
  private readonly requests: RequestSeries;
  private readonly actions: CountSumSummary;
  private readonly deliveryAttempts: Counter<string>;
  private readonly waitingChains: Gauge<string>;
  private readonly debouncedRequests: Counter<string>;
  private readonly rateLimitedRequests: Counter<string>;
  private deliverySource: { deliveryCounts(): Partial<Record<string, number>> | undefined } | undefined;

  constructor(version: string) {
    const registers = [this.registry];
    this.requests = new RequestSeries(HTTP_REQUESTS, HTTP_REQUEST_DURATION, DEFAULT_BUCKETS, this.registry);
    // no quantiles, as the original: _count and _sum per label set
    this.actions = new CountSumSummary(ACTIONS.name, ACTIONS.help, ACTIONS.labelNames, this.registry);
    new Gauge({ ...APP_INFO, labelNames: [...APP_INFO.labelNames], registers }).set({ version }, 1);
    collectDefaultMetrics({ register: this.registry });
    const deliveryCounts = () => this.deliverySource?.deliveryCounts();
    new Gauge({
      ...DELIVERIES,
      labelNames: [...DELIVERIES.labelNames],
      registers,
      collect() {
        const counts = deliveryCounts();
        if (!counts) return;
        for (const state of DELIVERY_STATES) this.set({ state }, counts[state] ?? 0);
      },
    });
    this.deliveryAttempts = new Counter({ ...DELIVERY_ATTEMPTS, labelNames: [...DELIVERY_ATTEMPTS.labelNames], registers });
    this.waitingChains = new Gauge({ ...ENDPOINT_WAITING_CHAINS, labelNames: [...ENDPOINT_WAITING_CHAINS.labelNames], registers });
    this.debouncedRequests = new Counter({ ...DEBOUNCED_REQUESTS, labelNames: [...DEBOUNCED_REQUESTS.labelNames], registers });
    this.rateLimitedRequests = new Counter({ ...RATE_LIMITED_REQUESTS, labelNames: [...RATE_LIMITED_REQUESTS.labelNames], registers });
  }

  rateLimited({ route, method }: { route: string; method: string }): void {
    this.rateLimitedRequests.inc({ route, method });
  }

  debounced({ route, method, count }: { route: string; method: string; count: number }): void {
    this.debouncedRequests.inc({ route, method }, count);
  }

  chainsWaiting({ route, method, delta }: { route: string; method: string; delta: number }): void {
    this.waitingChains.inc({ route, method }, delta);
  }

  /**
   * Feeds `webhook_proxy_deliveries{state}` (read from the journal at each scrape) and
   * `webhook_proxy_delivery_attempts_total{route,method,outcome}` (counted as attempts end).
   */
  observeDeliveries(source: { deliveryCounts(): Partial<Record<string, number>> | undefined; deliveryMetrics: DeliveryMetricsSink | undefined }): void {
    this.deliverySource = source;
    source.deliveryMetrics = { deliveryAttempted: ({ route, method, outcome }) => this.deliveryAttempts.inc({ route, method, outcome }) };
  }

  requestFinished({ method, route, status, seconds }: { method: string; route: string; status: number; seconds: number }): void {
    this.requests.observe(method, route, status, seconds);
  }

  actionFinished({ route, method, type, index, seconds }: { route: string; method: string; type: string; index: number; seconds: number }): void {
    this.actions.observe(route, method, type, index, seconds);
  }

  register(definition: MetricDefinition): MetricHandle {
    const common = { name: definition.name, help: definition.help, labelNames: [...definition.labelNames], registers: [this.registry] };
    switch (definition.type) {
      case 'histogram': {
        const metric = new Histogram({ ...common, buckets: [...(definition.buckets ?? DEFAULT_BUCKETS)] });
        return handle({ observe: (labels, value) => metric.observe(labels, value) });
      }
      case 'summary': {
        const { percentiles = [], maxAgeSeconds, ageBuckets, pruneAgedBuckets, compressCount } = definition;
        const metric = new Summary({ ...common, percentiles: [...percentiles], maxAgeSeconds, ageBuckets, pruneAgedBuckets, compressCount });
        return handle({ observe: (labels, value) => metric.observe(labels, value) });
      }
      case 'counter': {
        const metric = new Counter(common);
        return handle({ inc: (labels) => metric.inc(labels) });
      }
      case 'gauge': {
        const metric = new Gauge(common);
        return handle({ inc: (labels) => metric.inc(labels), dec: (labels) => metric.dec(labels) });
      }
    }
  }

  /** The exposition in the format the scraper asks for in `Accept`. */
  async scrape(accept: string | undefined): Promise<Exposition> {
    if (!wantsOpenMetrics(accept)) return { contentType: this.registry.contentType, body: await this.registry.metrics() };
    return { contentType: Registry.OPENMETRICS_CONTENT_TYPE, body: await openMetrics(this.registry.getMetricsAsArray() as unknown as MetricFamily[]) };
  }
}

function handle(calls: Partial<MetricHandle>): MetricHandle {
  const ignore = (_labels: LabelValues) => {};
  return { observe: calls.observe ?? ignore, inc: calls.inc ?? ignore, dec: calls.dec ?? ignore };
}

/** As prometheus_client decides: OpenMetrics when `Accept` lists its media type (with q > 0). */
export function wantsOpenMetrics(accept: string | undefined): boolean {
  return (accept ?? '').split(',').some((range) => {
    const [type, ...parameters] = range.split(';').map((part) => part.trim().toLowerCase());
    if (type !== 'application/openmetrics-text') return false;
    const q = parameters.find((parameter) => parameter.startsWith('q='));
    return q === undefined || Number(q.slice(2)) > 0;
  });
}

/** A registered prom-client metric as the registry holds it (its types call it MetricObject). */
interface MetricFamily {
  get(): Promise<{ name: string; type: unknown }>;
}

/** prom-client's formatter for one metric family (public in JavaScript, absent from its types). */
interface FamilyFormatter {
  getMetricsAsString(metric: MetricFamily): Promise<string>;
}

/**
 * The OpenMetrics exposition. prom-client's own `metrics()` in OpenMetrics mode renames
 * counters in place (drops `_total` from the metric object), which would change the
 * Prometheus-format names of every later scrape; this formats copies instead.
 */
async function openMetrics(metrics: MetricFamily[]): Promise<string> {
  const registry = new Registry<OpenMetricsContentType>();
  registry.setContentType(Registry.OPENMETRICS_CONTENT_TYPE);
  const formatter = registry as unknown as FamilyFormatter;
  const families = await Promise.all(
    metrics.map(async (metric) => {
      const data = await metric.get();
      const family = data.type === 'counter' ? { ...data, name: data.name.replace(/_total$/, '') } : data;
      return formatter.getMetricsAsString({ get: async () => family });
    }),
  );
  return `${families.join('\n')}\n# EOF\n`;
}
