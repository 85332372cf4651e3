import { isMap, type Node, type YAMLMap } from 'yaml';
import { DEFAULT_RETRY_DELAY_SECONDS, DEFAULT_RETRY_MAX_DELAY_SECONDS, MAX_RETRY_ATTEMPTS, type RetryPolicy } from '../delivery/retry-policy.js';
import { key, type KeySpec } from '../key-table.js';
import { parseDuration } from './duration.js';
import { keyText, pairNamed, plainValue, unknownKeyError, valueOrKey } from './yaml-map.js';
import type { YamlSource } from './yaml-source.js';

/** The keys of an endpoint's `retry` mapping (docs/delivery.md). */
export const RETRY_KEY_TABLE: readonly KeySpec[] = [
  key('attempts', 'integer', 'Attempts in all, the first included; 1: no retry.', { default: 1 }),
  key('delay', 'duration', 'Wait before the first retry; it doubles for each later one, with ±20 % jitter.', { default: '10s' }),
  key('max_delay', 'duration', 'The longest one wait may be.', { default: '10m' }),
];
const RETRY_KEYS = RETRY_KEY_TABLE.map(({ name }) => name);

/** An endpoint's `retry` (async endpoints only); undefined without it. */
export function loadRetry(source: YamlSource, map: YAMLMap | null, path: string, isAsync: boolean): RetryPolicy | undefined {
  const pair = pairNamed(map, 'retry');
  if (!pair) return undefined;
  const where = `${path}.retry`;
  // on a synchronous endpoint the sender is waiting for the answer and retries by itself
  if (!isAsync) throw source.error('"retry" needs "async: true": a synchronous endpoint answers the sender, who retries by itself', pair.key as Node, where);
  const node = pair.value as Node | null;
  if (!isMap(node)) throw source.error('must be a mapping of attempts, delay and max_delay (e.g. {attempts: 5, delay: 10s, max_delay: 10m})', valueOrKey(pair), where);
  const values = new Map<string, { value: unknown; node: Node | null }>();
  for (const item of node.items) {
    const name = keyText(item);
    if (!RETRY_KEYS.includes(name)) throw unknownKeyError(source, item, RETRY_KEYS, where);
    values.set(name, { value: plainValue(source, item), node: valueOrKey(item) });
  }
  const attempts = values.get('attempts');
  let count = 1;
  if (attempts) {
    const parsed = typeof attempts.value === 'string' && /^\s*\d+\s*$/.test(attempts.value) ? Number(attempts.value) : attempts.value;
    if (typeof parsed !== 'number' || !Number.isSafeInteger(parsed) || parsed < 1 || parsed > MAX_RETRY_ATTEMPTS) {
      throw source.error(`must be a whole number of attempts from 1 to ${MAX_RETRY_ATTEMPTS} (the first included), not ${JSON.stringify(attempts.value)}`, attempts.node, `${where}.attempts`);
    }
    count = parsed;
  }
  const duration = (name: string, fallback: number): number => {
    const entry = values.get(name);
    if (!entry) return fallback;
    const parsed = parseDuration(entry.value);
    if ('reason' in parsed) throw source.error(parsed.reason, entry.node, `${where}.${name}`);
    return parsed.seconds;
  };
  const delaySeconds = duration('delay', DEFAULT_RETRY_DELAY_SECONDS);
  const maxDelaySeconds = duration('max_delay', Math.max(DEFAULT_RETRY_MAX_DELAY_SECONDS, delaySeconds));
  if (maxDelaySeconds < delaySeconds) {
    throw source.error(`must be at least "delay" (${delaySeconds} s), not ${maxDelaySeconds} s`, values.get('max_delay')!.node, `${where}.max_delay`);
  }
  return { attempts: count, delaySeconds, maxDelaySeconds };
}
