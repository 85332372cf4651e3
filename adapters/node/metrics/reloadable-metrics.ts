import type { MetricDefinition, MetricHandle, MetricsSink } from '../../../src/metrics/metrics-sink.js';
import type { PromMetrics } from '../../node-platform/prom-metrics.js';

/**
 * The server's one prom-client registry seen through reloads: a `metrics` action whose
 * definition is unchanged gets its registered metric back (its series go on), a changed one
 * is registered anew, and one no config declares any longer leaves /metrics. The built-in
 * series live in the PromMetrics and are never touched.
 */
export class ReloadableMetrics implements MetricsSink {
  /** name → the definition it was registered with and its handle. */
  private registered = new Map<string, { key: string; handle: MetricHandle }>();
  /** Names claimed by the config being loaded (between `beginLoad` and `endLoad`). */
  private claimed = new Set<string>();

  constructor(private readonly prom: PromMetrics) {}

  requestFinished(event: Parameters<MetricsSink['requestFinished']>[0]): void {
    this.prom.requestFinished(event);
  }

  actionFinished(event: Parameters<MetricsSink['actionFinished']>[0]): void {
    this.prom.actionFinished(event);
  }

  rateLimited(event: { route: string; method: string }): void {
    this.prom.rateLimited(event);
  }

  debounced(event: { route: string; method: string; count: number }): void {
    this.prom.debounced(event);
  }

  chainsWaiting(event: { route: string; method: string; delta: number }): void {
    this.prom.chainsWaiting(event);
  }

  /** Starts registering the metrics of a new config. */
  beginLoad(): void {
    this.claimed = new Set();
  }

  register(definition: MetricDefinition): MetricHandle {
    const key = JSON.stringify(definition);
    this.claimed.add(definition.name);
    const existing = this.registered.get(definition.name);
    if (existing?.key === key) return existing.handle;
    if (existing) this.prom.registry.removeSingleMetric(definition.name);
    const handle = this.prom.register(definition);
    this.registered.set(definition.name, { key, handle });
    return handle;
  }

  /** Drops the metrics the new config no longer declares. */
  endLoad(): void {
    for (const name of [...this.registered.keys()]) {
      if (this.claimed.has(name)) continue;
      this.prom.registry.removeSingleMetric(name);
      this.registered.delete(name);
    }
  }
}
