import type { Registry } from 'prom-client';

interface Series {
  labels: Record<string, string>;
  count: number;
  sum: number;
}

/**
 * A summary with `_count` and `_sum` only, as the original's `webhook_proxy_actions`. prom-client's
 * Summary feeds a t-digest on every observation even with no percentiles asked for, which costs
 * CPU and memory on every action of every request.
 */
export class CountSumSummary {
  readonly type = 'summary';
  private readonly series = new Map<string, Series>();

  constructor(
    readonly name: string,
    readonly help: string,
    registry: Registry,
  ) {
    registry.registerMetric(this as never);
  }

  /** `key` names the label set (the caller joins its values, cheaper than hashing an object); `labels` makes it on first sight. */
  observe(key: string, labels: () => Record<string, string>, value: number): void {
    let series = this.series.get(key);
    if (!series) this.series.set(key, (series = { labels: labels(), count: 0, sum: 0 }));
    series.count++;
    series.sum += value;
  }

  /** What prom-client's registry formats: one metric family with its samples. */
  get() {
    const values = [...this.series.values()].flatMap(({ labels, count, sum }) => [
      { labels, metricName: `${this.name}_count`, value: count },
      { labels, metricName: `${this.name}_sum`, value: sum },
    ]);
    return { name: this.name, help: this.help, type: this.type, values, aggregator: 'sum' };
  }

  reset(): void {
    this.series.clear();
  }
}
