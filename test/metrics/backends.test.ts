import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { expect, it } from 'vitest';
import { nodeActions } from '../../adapters/node/node-actions.js';
import { NodeRuntime } from '../../adapters/node/node-runtime.js';
import { PromMetrics } from '../../adapters/node-platform/prom-metrics.js';
import { ActionRegistry } from '../../src/actions/action-registry.js';
import { createApp } from '../../src/app/create-app.js';
import type { LogEvent } from '../../src/app/log-output.js';
import { loadConfig } from '../../src/config/load-config.js';
import { RESERVED_METRICS } from '../../src/metrics/builtin-series.js';
import { createMetricsObserver } from '../../src/metrics/metrics-observer.js';
import { noopMetricsSink } from '../../src/metrics/noop-sink.js';

const SRC = fileURLToPath(new URL('../../src', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : name.endsWith('.ts') ? [path] : [];
  });
}

it('the core never imports prom-client: Lambda and Workers bring their own sink', () => {
  const offenders = sourceFiles(SRC).filter((file) => /from\s+['"]prom-client['"]|import\(\s*['"]prom-client['"]/.test(readFileSync(file, 'utf8')));
  expect(offenders.map((file) => relative(SRC, file))).toEqual([]);
});

it('the reserved names cover every series the Node server exposes besides user metrics', async () => {
  const defaults = new Registry();
  collectDefaultMetrics({ register: defaults });
  const server = new PromMetrics('1.2.3');
  const exposed = server.registry.getMetricsAsArray().map((metric) => metric.name);
  const reserved = RESERVED_METRICS.map((metric) => metric.name);
  expect(
    defaults
      .getMetricsAsArray()
      .map((metric) => metric.name)
      .filter((name) => !reserved.includes(name)),
  ).toEqual([]);
  expect(exposed.filter((name) => !reserved.includes(name))).toEqual([]);
  // the types too: they decide which sample names a user metric would collide with
  const types = Object.fromEntries((await server.registry.getMetricsAsJSON()).map((metric) => [metric.name, String(metric.type)]));
  for (const { name, type } of RESERVED_METRICS) expect([name, types[name]]).toEqual([name, type]);
});

/** NodeRuntime with standard output captured. */
class CapturingRuntime extends NodeRuntime {
  readonly lines: string[] = [];
  override stdout(line: string): void {
    this.lines.push(line);
  }
  override stderr(): void {}
  // action output comes as log events (with the request's fields); its text line is what stdout shows
  override log(event: LogEvent): void {
    if ((event.stream ?? (event.level === 'info' ? 'stdout' : 'stderr')) === 'stdout') this.lines.push(event.text ?? event.msg);
  }
}

const CONFIG = `
endpoints:
  - /hook:
      actions:
        - metrics: { counter: { name: hook_calls, labels: { repo: '{{ request.json.repo }}' } } }
        - metrics: { gauge: { name: hook_in_progress } }
`;

it.each([
  ['with the no-op sink (Workers)', (runtime: NodeRuntime, config: ReturnType<typeof loadConfig>) => createMetricsObserver(config, noopMetricsSink, runtime)],
  ['without any metrics observer', () => undefined],
])('the metrics action still runs and prints its output %s', async (_case, observer) => {
  const runtime = new CapturingRuntime();
  const config = loadConfig(CONFIG, 'server.yml', new ActionRegistry(nodeActions));
  const app = createApp(config, runtime, { accessLog: false, observer: observer(runtime, config) });
  const response = await app.fetch(new Request('http://localhost/hook', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"repo":"api"}' }));
  expect(response.status).toBe(200);
  expect(runtime.lines).toEqual(['Tracking metrics: hook_calls', 'Tracking metrics: hook_in_progress']);
});
