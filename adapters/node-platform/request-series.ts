interface Series {
  readonly labels: Record<string, string>;
  count: number;
  sum: number;
  /** Observations per bucket (not cumulative), in the order of the upper bounds. */
  readonly buckets: number[];
}

/** A metric as prom-client's registry formats it: `get()` gives the family's samples. */
interface Family {
  name: string;
  readonly help: string;
  readonly type: 'counter' | 'histogram';
  readonly aggregator: 'sum';
  get(): { name: string; help: string; type: string; values: object[]; aggregator: 'sum' };
  reset(): void;
}

/**
 * `webhook_proxy_http_requests_total` and `webhook_proxy_http_request_duration_seconds`, fed by
 * three map lookups per request. prom-client's Counter and Histogram each hash the label object on
 * every call (two hashes and a bucket search per request, a few per cent of a request's CPU); here
 * the label set is found through a map per label, keyed by the strings and number the request
 * already has (a key joined from them was built and hashed anew for every request: 150 ns against
 * 20), and the samples are built only when scraped, in the form prom-client's own Counter and
 * Histogram give (the same exposition, byte for byte).
 */
export class RequestSeries {
  /** route → method → status. */
  private readonly index = new Map<string, Map<string, Map<number, Series>>>();
  /** In the order first seen, as a scrape lists them. */
  private readonly series: Series[] = [];

  constructor(
    counter: { name: string; help: string },
    histogram: { name: string; help: string },
    private readonly upperBounds: readonly number[],
    // any content type's registry: the samples are the same in both formats
    registry: { registerMetric(metric: never): void },
  ) {
    registry.registerMetric(this.family(counter, 'counter') as never);
    registry.registerMetric(this.family(histogram, 'histogram') as never);
  }

  observe(method: string, route: string, status: number, seconds: number): void {
    let byMethod = this.index.get(route);
    if (!byMethod) this.index.set(route, (byMethod = new Map()));
    let byStatus = byMethod.get(method);
    if (!byStatus) byMethod.set(method, (byStatus = new Map()));
    let series = byStatus.get(status);
    if (!series) {
      series = { labels: { method, route, status: String(status) }, count: 0, sum: 0, buckets: this.upperBounds.map(() => 0) };
      byStatus.set(status, series);
      this.series.push(series);
    }
    series.count++;
    series.sum += seconds;
    const { upperBounds } = this;
    for (let i = 0; i < upperBounds.length; i++) {
      if (seconds <= upperBounds[i]!) {
        series.buckets[i]!++;
        break;
      }
    }
  }

  private clear(): void {
    this.index.clear();
    this.series.length = 0;
  }

  private family({ name, help }: { name: string; help: string }, type: 'counter' | 'histogram'): Family {
    const samples = () => (type === 'counter' ? this.counterSamples() : this.histogramSamples(family.name));
    const family: Family = {
      // prom-client's registry renames counters for OpenMetrics: the name must stay writable
      name,
      help,
      type,
      aggregator: 'sum',
      get: () => ({ name: family.name, help, type, values: samples(), aggregator: 'sum' }),
      reset: () => this.clear(),
    };
    return family;
  }

  private counterSamples(): object[] {
    return this.series.map(({ labels, count }) => ({ labels, value: count }));
  }

  private histogramSamples(name: string): object[] {
    const values: object[] = [];
    for (const { labels, count, sum, buckets } of this.series) {
      let cumulative = 0;
      this.upperBounds.forEach((bound, i) => {
        cumulative += buckets[i]!;
        values.push({ labels: { le: bound }, sharedLabels: labels, value: cumulative, metricName: `${name}_bucket` });
      });
      values.push(
        { labels: { le: '+Inf' }, sharedLabels: labels, value: count, metricName: `${name}_bucket` },
        { labels: {}, sharedLabels: labels, value: sum, metricName: `${name}_sum` },
        { labels: {}, sharedLabels: labels, value: count, metricName: `${name}_count` },
      );
    }
    return values;
  }
}
