import type { Registry } from 'prom-client';

interface Series {
  labels: Record<string, string>;
  count: number;
  sum: number;
}

/**
 * A summary with `_count` and `_sum` only, as the original's `webhook_proxy_actions`, labelled by
 * the action's route, method, type and index. prom-client's Summary feeds a t-digest on every
 * observation even with no percentiles asked for, which costs CPU and memory on every action of
 * every request.
 */
export class CountSumSummary {
  readonly type = 'summary';
  /**
   * route → method → type → index: keyed by the values the action already has. A key joined from
   * them, and a function to make the labels, were built anew for every action (190 ns against 20).
   */
  private readonly index = new Map<string, Map<string, Map<string, Map<number, Series>>>>();
  /** In the order first seen, as a scrape lists them. */
  private readonly series: Series[] = [];

  constructor(
    readonly name: string,
    readonly help: string,
    /** The label names of route, method, type and index, in that order. */
    private readonly labelNames: readonly [string, string, string, string],
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  observe(route: string, method: string, type: string, index: number, value: number): void {
    let byMethod = this.index.get(route);
    if (!byMethod) this.index.set(route, (byMethod = new Map()));
    let byType = byMethod.get(method);
    if (!byType) byMethod.set(method, (byType = new Map()));
    let byIndex = byType.get(type);
    if (!byIndex) byType.set(type, (byIndex = new Map()));
    let series = byIndex.get(index);
    if (!series) {
      const [routeName, methodName, typeName, indexName] = this.labelNames;
      series = { labels: { [routeName]: route, [methodName]: method, [typeName]: type, [indexName]: String(index) }, count: 0, sum: 0 };
      byIndex.set(index, series);
      this.series.push(series);
    }
    series.count++;
    series.sum += value;
  }

  /** What prom-client's registry formats: one metric family with its samples. */
  get() {
    const values = this.series.flatMap(({ labels, count, sum }) => [
      { labels, metricName: `${this.name}_count`, value: count },
      { labels, metricName: `${this.name}_sum`, value: sum },
    ]);
    return { name: this.name, help: this.help, type: this.type, values, aggregator: 'sum' };
  }

  reset(): void {
    this.index.clear();
    this.series.length = 0;
  }
}
