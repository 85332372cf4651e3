import type { Settings } from '../config/settings.js';
import { RESERVED_METRICS } from './builtin-series.js';
import type { MetricType } from './metrics-sink.js';

const METRIC_NAME = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export function isMetricName(name: string): boolean {
  return METRIC_NAME.test(name);
}

/** Prometheus label names; `__` starts the names Prometheus keeps for itself. */
export function isLabelName(name: string): boolean {
  return LABEL_NAME.test(name) && !name.startsWith('__');
}

/**
 * Every name a metric shows in the exposition (samples and, in OpenMetrics, the family):
 * two metrics collide when these overlap, as prometheus_client refused in the original.
 */
export function exposedNames(type: MetricType, name: string): string[] {
  switch (type) {
    case 'counter': {
      const base = name.replace(/_total$/, '');
      return [base, `${base}_total`];
    }
    case 'gauge':
      return [name];
    case 'histogram':
      return [name, `${name}_bucket`, `${name}_count`, `${name}_sum`];
    case 'summary':
      return [name, `${name}_count`, `${name}_sum`];
  }
}

const RESERVED = new Map(RESERVED_METRICS.flatMap(({ type, name }) => exposedNames(type, name).map((exposed) => [exposed, name])));

/** Names claimed so far, per loaded config: one config is one server and one registry. */
const claimsPerLoad = new WeakMap<object, Map<string, string>>();

/**
 * Claims a metric's names for the config being loaded; a name already taken (by another
 * `metrics` action or a built-in series) is a startup error at `key`, naming the owner.
 */
export function claimMetricName(settings: Settings, key: string, type: MetricType, name: string): void {
  const claims = claimsOf(settings);
  for (const exposed of exposedNames(type, name)) {
    const builtin = RESERVED.get(exposed);
    if (builtin) settings.fail(key, `the metric name "${name}" collides with the built-in series "${builtin}"`);
    const owner = claims.get(exposed);
    if (owner) settings.fail(key, `the metric name "${name}" is already registered by ${owner}`);
  }
  const owner = `${settings.path} (${type} "${name}")`;
  for (const exposed of exposedNames(type, name)) claims.set(exposed, owner);
}

function claimsOf(settings: Settings): Map<string, string> {
  let claims = claimsPerLoad.get(settings.loadKey);
  if (!claims) claimsPerLoad.set(settings.loadKey, (claims = new Map()));
  return claims;
}
