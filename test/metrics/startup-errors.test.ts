import { describe, expect, it } from 'vitest';
import { nodeActions } from '../../adapters/node/node-actions.js';
import { ActionRegistry } from '../../src/actions/action-registry.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { runCli, writeConfig } from '../helpers/cli.js';

/** A valid config with two endpoints and a metric each; each case changes one line. */
function config(first: string, second = 'counter: { name: second_metric }'): string {
  return `server: { port: 0 }
endpoints:
  - /first:
      actions:
        - log:
        - metrics: { ${first} }
  - /second/<int:id>:
      actions:
        - metrics: { ${second} }
`;
}

function loadError(yaml: string): string {
  try {
    loadConfig(yaml, 'server.yml', new ActionRegistry(nodeActions));
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as ConfigError).message;
  }
  throw new Error('the config loaded');
}

it('the valid fixture loads, and loading it again is not a duplicate (names are per config)', () => {
  const yaml = config('histogram: { name: first_metric, buckets: [1, 2] }');
  expect(loadConfig(yaml, 'server.yml', new ActionRegistry(nodeActions)).endpoints).toHaveLength(2);
  expect(loadConfig(yaml, 'server.yml', new ActionRegistry(nodeActions)).endpoints).toHaveLength(2);
});

it('the same metric name on two endpoints stops the server at startup, naming both endpoints', async () => {
  const file = writeConfig(config('summary: { name: shared_metric }', 'summary: { name: shared_metric, help: again }'));
  const result = await runCli([file], { timeoutMs: 30_000 });
  expect(result.code).toBe(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
  expect(result.stderr.trim()).toBe(
    `${file}:9:31 endpoints[1]./second/<int:id>.actions[0].metrics.summary: ` +
      'the metric name "shared_metric" is already registered by endpoints[0]./first.actions[1].metrics (summary "shared_metric")',
  );
  // `check` reports it too, without starting anything
  expect((await runCli(['check', file], { timeoutMs: 30_000 })).stderr).toContain('the metric name "shared_metric" is already registered');
});

describe('bad metric settings are startup errors naming the endpoint', () => {
  it.each([
    [
      'two metrics in one action',
      'counter: { name: a }, gauge: { name: b }',
      /\/first\.actions\[1\]\.metrics\.gauge: give exactly one of histogram, summary, gauge, counter \(got counter and gauge\)/,
    ],
    ['no metric at all', 'output: hi', /\/first\.actions\[1\]\.metrics: give exactly one of histogram, summary, gauge, counter/],
    ['an unknown type', 'timer: { name: a }', /\/first\.actions\[1\]\.metrics: unknown key "timer" \(known: histogram, summary, gauge, counter, output, max_series\)/],
    ['a missing name', 'counter: { help: no name }', /\/first\.actions\[1\]\.metrics\.counter: missing required key "name"/],
    ['a metric that is not a mapping', 'counter: calls', /metrics\.counter: must be a mapping with at least "name"/],
    ['an invalid metric name', 'gauge: { name: 1bad-name }', /"1bad-name" is not a valid metric name/],
    ['an invalid label name', 'gauge: { name: g, labels: { bad-label: x } }', /"bad-label" is not a valid label name/],
    ['le on a histogram', 'histogram: { name: h, labels: { le: x } }', /"le" is a label the histogram itself uses/],
    ['unsorted buckets', 'histogram: { name: h, buckets: [1, 0.5] }', /"buckets" must be a list of increasing numbers/],
    ['a key of another type', 'counter: { name: c, buckets: [1] }', /unknown key "buckets" for a counter/],
    ['a label template that does not compile', 'counter: { name: c, labels: { a: "{{ request.json." } }', /\/first\.actions\[1\]\.metrics\.counter/],
    ['a built-in series name', 'counter: { name: webhook_proxy_http_requests }', /collides with the built-in series "webhook_proxy_http_requests_total"/],
    ['a Node process metric name', 'gauge: { name: process_start_time_seconds }', /collides with the built-in series "process_start_time_seconds"/],
  ])('%s', (_case, first, expected) => {
    expect(loadError(config(first))).toMatch(expected);
  });

  it.each([
    ['a counter and a gauge of the same base name', 'counter: { name: jobs }', 'gauge: { name: jobs }'],
    ['a counter given with and without _total', 'counter: { name: jobs_total }', 'counter: { name: jobs }'],
    ['a gauge named like a histogram sample', 'histogram: { name: latency }', 'gauge: { name: latency_count }'],
  ])('names that collide in the exposition: %s', (_case, first, second) => {
    expect(loadError(config(first, second))).toMatch(
      /^server\.yml:9:\d+ endpoints\[1\]\.\/second\/<int:id>\.actions\[0\]\.metrics\.\w+: the metric name "\w+" is already registered by endpoints\[0\]\.\/first/,
    );
  });
});

describe('max_series', () => {
  it.each([
    ['0', /max_series: must be a whole number of label sets, at least 1/],
    ['1.5', /max_series: must be a whole number of label sets, at least 1/],
    ['many', /max_series: must be a whole number of label sets, at least 1/],
  ])('max_series: %s is a startup error', async (value, message) => {
    const file = writeConfig(`endpoints:\n  - /x:\n      actions:\n        - metrics:\n            counter: { name: x }\n            max_series: ${value}\n`);
    const result = await runCli(['check', file]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
  });
});
