import type { Settings } from '../config/settings.js';
import { commonKeys, key } from '../key-table.js';
import { DEFAULT_BUCKETS } from '../metrics/builtin-series.js';
import { claimMetricName, isLabelName, isMetricName } from '../metrics/metric-names.js';
import type { MetricDefinition, MetricType } from '../metrics/metrics-sink.js';
import type { Template } from '../templates/index.js';
import { defineAction } from './define-action.js';

const TYPES: readonly MetricType[] = ['histogram', 'summary', 'gauge', 'counter'];

/** Keys of a metric's settings; `namespace`, `subsystem` and `unit` build the name as prometheus_client did. */
const COMMON_KEYS = ['name', 'help', 'labels', 'namespace', 'subsystem', 'unit'];
const TYPE_KEYS: Record<MetricType, readonly string[]> = {
  histogram: [...COMMON_KEYS, 'buckets'],
  summary: [...COMMON_KEYS, 'percentiles', 'maxAgeSeconds', 'ageBuckets', 'pruneAgedBuckets', 'compressCount'],
  gauge: COMMON_KEYS,
  counter: COMMON_KEYS,
};
const METRIC_KEYS: Record<string, string> = {
  name: 'The metric name (counters get _total).',
  help: 'The help text.',
  labels: 'Label name → template rendered per request (response.status_code is known at the end).',
  buckets: 'Histogram bucket upper bounds, in seconds.',
  percentiles: 'Summary quantiles, e.g. [0.5, 0.9, 0.99].',
};

/** What the `metrics` action keeps from its settings (plain data and templates). */
export interface MetricsPrepared {
  readonly metric: MetricDefinition;
  /** Label name → value template (rendered per request, stripped). */
  readonly labels: Readonly<Record<string, Template>>;
  /** The name as configured, for `{{ metric }}` in the output. */
  readonly configuredName: string;
  /** Distinct label sets kept; the rest are recorded under `__overflow__` (MAX_SERIES_DEFAULT). */
  readonly maxSeries: number;
  readonly output: Template;
}

/** How many label sets a metric keeps unless `max_series` says otherwise. */
export const MAX_SERIES_DEFAULT = 1000;

/**
 * Registers a metric that tracks every request to its endpoint that passed validation and the
 * sender checks (the verify family), whatever the outcome of the actions after them:
 * histogram/summary observe the answer time, a counter counts answers, a gauge counts
 * requests in progress. Running the action only prints its output; the tracking is done
 * by the metrics observer (src/metrics/metrics-observer.ts) on every platform that has one.
 */
const metricsAction = defineAction<MetricsPrepared>({
  name: 'metrics',
  keys: [
    ...TYPES.map((type) =>
      key(type, 'mapping', `Track a ${type} of the endpoint's requests; give exactly one of ${TYPES.join(', ')}.`, {
        keys: TYPE_KEYS[type].map((name) => key(name, 'any', METRIC_KEYS[name] ?? 'As prometheus_client takes it.', name === 'name' ? { required: true } : {})),
      }),
    ),
    commonKeys.output('Tracking metrics: {{ metric }}'),
    key('max_series', 'integer', 'Label sets kept; later new ones are recorded under the labels "__overflow__".', { default: MAX_SERIES_DEFAULT }),
  ],
  prepare(settings) {
    // in the order written, so that the error points at the extra one
    const given = settings.keys().filter((key): key is MetricType => (TYPES as readonly string[]).includes(key));
    if (given.length !== 1) {
      settings.fail(given[1], `give exactly one of ${TYPES.join(', ')}${given.length ? ` (got ${given.join(' and ')})` : ''}`);
    }
    const type = given[0]!;
    const raw = settings.value(type);
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) settings.fail(type, `must be a mapping with at least "name"`);
    const options = raw as Record<string, unknown>;
    const fail = (reason: string): never => settings.fail(type, reason);

    for (const key of Object.keys(options)) {
      if (!TYPE_KEYS[type].includes(key)) fail(`unknown key "${key}" for a ${type} (known: ${TYPE_KEYS[type].join(', ')})`);
    }
    const configuredName = text(options.name, 'name', fail);
    if (!configuredName) fail('missing required key "name"');
    const name = fullName(type, configuredName, options, fail);
    if (!isMetricName(name)) fail(`"${name}" is not a valid metric name (letters, digits, "_" and ":", not starting with a digit)`);

    const labels = compileLabels(settings, type, options.labels, fail);
    claimMetricName(settings, type, type, name);

    return {
      metric: {
        type,
        name,
        help: text(options.help, 'help', fail) || configuredName,
        labelNames: Object.keys(labels),
        ...typeOptions(type, options, fail),
      },
      labels,
      configuredName,
      maxSeries: maxSeries(settings),
      output: settings.template('output', { default: 'Tracking metrics: {{ metric }}' }),
    };
  },
  run({ configuredName, output }, call) {
    call.print(call.render(output, { metric: configuredName }));
  },
});

export default metricsAction;

function maxSeries(settings: Settings): number {
  const value = settings.value('max_series');
  if (value === undefined || value === null) return MAX_SERIES_DEFAULT;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) settings.fail('max_series', 'must be a whole number of label sets, at least 1');
  return value as number;
}

function text(value: unknown, key: string, fail: (reason: string) => never): string {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return fail(`"${key}" must be a string`);
}

/** prometheus_client's rule: namespace_subsystem_name, then _unit; counters end in `_total` once. */
function fullName(type: MetricType, configured: string, options: Record<string, unknown>, fail: (reason: string) => never): string {
  const parts = [text(options.namespace, 'namespace', fail), text(options.subsystem, 'subsystem', fail), configured].filter(Boolean);
  let name = parts.join('_');
  if (type === 'counter') name = name.replace(/_total$/, '');
  const unit = text(options.unit, 'unit', fail);
  if (unit && !name.endsWith(`_${unit}`)) name += `_${unit}`;
  return type === 'counter' ? `${name}_total` : name;
}

function compileLabels(settings: Settings, type: MetricType, value: unknown, fail: (reason: string) => never): Record<string, Template> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' || Array.isArray(value)) fail('"labels" must be a mapping of label names to templates');
  const reserved = type === 'histogram' ? 'le' : type === 'summary' ? 'quantile' : undefined;
  const labels: Record<string, Template> = {};
  for (const [label, template] of Object.entries(value as Record<string, unknown>)) {
    if (!isLabelName(label)) fail(`"${label}" is not a valid label name (letters, digits and "_", not starting with a digit or "__")`);
    if (label === reserved) fail(`"${label}" is a label the ${type} itself uses`);
    labels[label] = settings.templateFrom(type, text(template, `labels.${label}`, fail));
  }
  return labels;
}

type TypeOptions = Omit<MetricDefinition, 'type' | 'name' | 'help' | 'labelNames'>;

function typeOptions(type: MetricType, options: Record<string, unknown>, fail: (reason: string) => never): TypeOptions {
  if (type === 'histogram') {
    if (options.buckets === undefined || options.buckets === null) return { buckets: DEFAULT_BUCKETS };
    const buckets = numbers(options.buckets, 'buckets', fail).filter((bound) => bound !== Infinity);
    if (buckets.length === 0 || buckets.some((bound, i) => !Number.isFinite(bound) || (i > 0 && bound <= buckets[i - 1]!))) {
      fail('"buckets" must be a list of increasing numbers');
    }
    return { buckets };
  }
  if (type !== 'summary') return {};
  const out: { -readonly [K in keyof TypeOptions]: TypeOptions[K] } = {
    // the original's summaries had no quantiles, only _count and _sum
    percentiles: [],
  };
  if (options.percentiles !== undefined && options.percentiles !== null) {
    out.percentiles = numbers(options.percentiles, 'percentiles', fail);
    if (out.percentiles.some((p) => !(p > 0 && p <= 1))) fail('"percentiles" must be numbers between 0 and 1');
  }
  for (const key of ['maxAgeSeconds', 'ageBuckets', 'compressCount'] as const) {
    const value = options[key];
    if (value === undefined || value === null) continue;
    if (typeof value !== 'number' || !(value > 0) || (key !== 'maxAgeSeconds' && !Number.isInteger(value))) fail(`"${key}" must be a positive ${key === 'maxAgeSeconds' ? 'number' : 'integer'}`);
    out[key] = value as number;
  }
  if (options.pruneAgedBuckets !== undefined && options.pruneAgedBuckets !== null) {
    if (typeof options.pruneAgedBuckets !== 'boolean') fail('"pruneAgedBuckets" must be true or false');
    out.pruneAgedBuckets = options.pruneAgedBuckets as boolean;
  }
  if ((out.ageBuckets !== undefined || out.pruneAgedBuckets) && out.maxAgeSeconds === undefined) fail('"ageBuckets" and "pruneAgedBuckets" need "maxAgeSeconds"');
  return out;
}

function numbers(value: unknown, key: string, fail: (reason: string) => never): number[] {
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'number' || Number.isNaN(item))) return fail(`"${key}" must be a list of numbers`);
  return value as number[];
}
