/**
 * The metrics sink on Lambda: prom-client is loaded after the first answer, not at the cold start
 * (it is most of the bundle's import time). Until then every call is queued and replayed in order,
 * so nothing the first requests did is missing from `/metrics`.
 */
import type { LabelValues, MetricDefinition, MetricHandle, MetricsSink } from '../../src/metrics/metrics-sink.js';
import type { Exposition } from '../node-platform/prom-metrics.js';

/** What the loaded backend offers: PromMetrics. */
export interface LoadedMetrics extends MetricsSink {
  scrape(accept: string | undefined): Promise<Exposition>;
}

export class DeferredMetrics implements MetricsSink {
  private loaded: LoadedMetrics | undefined;
  private loading: Promise<LoadedMetrics> | undefined;
  private queue: ((metrics: LoadedMetrics) => void)[] = [];

  constructor(private readonly load: () => Promise<LoadedMetrics>) {}

  requestFinished(event: Parameters<MetricsSink['requestFinished']>[0]): void {
    this.apply((metrics) => metrics.requestFinished(event));
  }

  actionFinished(event: Parameters<MetricsSink['actionFinished']>[0]): void {
    this.apply((metrics) => metrics.actionFinished(event));
  }

  register(metric: MetricDefinition): MetricHandle {
    let handle: MetricHandle | undefined;
    // queued first, so it is replayed before any observation made through the handle
    this.apply((metrics) => (handle = metrics.register(metric)));
    return {
      observe: (labels: LabelValues, value: number) => this.apply(() => handle!.observe(labels, value)),
      inc: (labels: LabelValues) => this.apply(() => handle!.inc(labels)),
      dec: (labels: LabelValues) => this.apply(() => handle!.dec(labels)),
    };
  }

  /** Loads the backend (once) and replays what was queued. */
  ready(): Promise<LoadedMetrics> {
    this.loading ??= this.load().then((metrics) => {
      for (const call of this.queue) call(metrics);
      this.queue = [];
      this.loaded = metrics;
      return metrics;
    });
    return this.loading;
  }

  private apply(call: (metrics: LoadedMetrics) => void): void {
    if (this.loaded) call(this.loaded);
    else this.queue.push(call);
  }
}
