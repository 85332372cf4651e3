/**
 * An endpoint's `response`, `concurrency`, `debounce` and `rate_limit` keys (and their `*_key`
 * templates), checked at load. Each error names the key.
 */
import { isMap, isScalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { key, type KeySpec } from '../key-table.js';
import type { Template } from '../templates/index.js';
import { compileTemplateAt } from './compile-template-at.js';
import { parseDuration } from './duration.js';
import { MAX_SECONDS } from './seconds.js';
import type { ConcurrencySettings, DebounceSettings, EndpointResponse, RateLimitSettings } from './server-config.js';
import { checkKnownKeys, keyText, pairNamed, plainValue, valueOrKey } from './yaml-map.js';
import type { YamlSource } from './yaml-source.js';

/** The keys of an endpoint's `response` mapping. */
export const RESPONSE_KEY_TABLE: readonly KeySpec[] = [
  key('status', 'integer', 'The status of the success answer, 200 to 399.', { default: 200 }),
  key('body', 'template', 'The body of the success answer: a template with `request` and the `context` the actions set (sync endpoints; on async ones, what the sender checks set).', {
    default: 'OK\\n',
  }),
  key('headers', 'template-map', 'Header name → template of its value; Content-Type defaults to text/plain.'),
];
const RESPONSE_KEYS = RESPONSE_KEY_TABLE.map(({ name }) => name);

/** Statuses whose answer has no body (the Fetch standard's null body statuses). */
export const BODYLESS_STATUSES: ReadonlySet<number> = new Set([204, 205, 304]);

/** Past this, a concurrency limit is no limit at all; a typo (`concurrency: 10000`) is more likely. */
const MAX_CONCURRENCY = 10_000;
/** The most requests a rate window counts: each allowed request is remembered until it leaves the window. */
const MAX_RATE_COUNT = 100_000;

const RATE_UNITS: Record<string, number> = { s: 1, sec: 1, second: 1, m: 60, min: 60, minute: 60, h: 3600, hour: 3600, d: 86_400, day: 86_400 };
const RATE_EXAMPLE = 'a number of requests per s, min, h or d (e.g. 5/s, 60/min, 1000/h, 10/30s)';

export function loadResponse(source: YamlSource, map: YAMLMap | null, path: string): EndpointResponse | undefined {
  const pair = pairNamed(map, 'response');
  if (!pair) return undefined;
  const where = `${path}.response`;
  const node = pair.value as Node | null;
  if (!isMap(node)) throw source.error('must be a mapping of status, body and headers (e.g. {status: 202, body: queued})', valueOrKey(pair), where);
  checkKnownKeys(source, node, RESPONSE_KEYS, where);
  let status = 200;
  const statusPair = pairNamed(node, 'status');
  if (statusPair) {
    const value = plainValue(source, statusPair);
    const parsed = wholeNumber(value);
    if (parsed === undefined || parsed < 200 || parsed > 399) {
      throw source.error(`must be a status from 200 to 399 (the success answer; refusals keep their own codes), not ${JSON.stringify(value)}`, valueOrKey(statusPair), `${where}.status`);
    }
    status = parsed;
  }
  const bodyPair = pairNamed(node, 'body');
  let body: Template | undefined;
  if (BODYLESS_STATUSES.has(status)) {
    if (bodyPair) throw source.error(`a ${status} answer has no body: remove "body" or choose another status`, bodyPair.key as Node, `${where}.body`);
  } else {
    body = bodyPair ? templateAt(source, bodyPair, `${where}.body`) : compileTemplateAt(source, 'OK\n\n', node, `${where}.body`);
  }
  const headers: Record<string, Template> = {};
  const headersPair = pairNamed(node, 'headers');
  if (headersPair && headersPair.value !== null) {
    const headersNode = headersPair.value as Node;
    if (!isMap(headersNode)) throw source.error('must be a mapping of header names to values', headersNode, `${where}.headers`);
    for (const item of headersNode.items) {
      const name = keyText(item);
      if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw source.error(`"${name}" is not a valid header name`, item.key as Node, `${where}.headers`);
      headers[name] = templateAt(source, item, `${where}.headers.${name}`);
    }
  }
  return { status, ...(body ? { body } : {}), headers };
}

export function loadConcurrency(source: YamlSource, map: YAMLMap | null, path: string): ConcurrencySettings | undefined {
  const pair = pairNamed(map, 'concurrency');
  const keyTemplate = loadKeyTemplate(source, map, path, 'concurrency', pair);
  if (!pair) return undefined;
  const value = plainValue(source, pair);
  const limit = wholeNumber(value);
  if (limit === undefined || limit < 1 || limit > MAX_CONCURRENCY) {
    throw source.error(`must be a whole number of action chains from 1 to ${MAX_CONCURRENCY}, not ${JSON.stringify(value)}`, valueOrKey(pair), `${path}.concurrency`);
  }
  return { limit, ...(keyTemplate ? { key: keyTemplate } : {}) };
}

export function loadDebounce(source: YamlSource, map: YAMLMap | null, path: string, isAsync: boolean): DebounceSettings | undefined {
  const pair = pairNamed(map, 'debounce');
  const keyTemplate = loadKeyTemplate(source, map, path, 'debounce', pair);
  if (!pair) return undefined;
  // a synchronous sender waits for its answer: holding it for the quiet period would time it out
  if (!isAsync) throw source.error('"debounce" needs "async: true": the burst runs after the answers were sent', pair.key as Node, `${path}.debounce`);
  const parsed = parseDuration(plainValue(source, pair));
  const node = valueOrKey(pair);
  if ('reason' in parsed) throw source.error(parsed.reason, node, `${path}.debounce`);
  if (parsed.seconds > MAX_SECONDS) throw source.error(`must be at most ${MAX_SECONDS} seconds, not ${parsed.seconds}`, node, `${path}.debounce`);
  return { seconds: parsed.seconds, ...(keyTemplate ? { key: keyTemplate } : {}) };
}

export function loadRateLimit(source: YamlSource, map: YAMLMap | null, path: string): RateLimitSettings | undefined {
  const pair = pairNamed(map, 'rate_limit');
  const keyTemplate = loadKeyTemplate(source, map, path, 'rate_limit', pair);
  if (!pair) return undefined;
  const value = plainValue(source, pair);
  const node = valueOrKey(pair);
  const rate = parseRate(value);
  if ('reason' in rate) throw source.error(rate.reason, node, `${path}.rate_limit`);
  return { ...rate, ...(keyTemplate ? { key: keyTemplate } : {}) };
}

/** `60/min` → 60 requests per 60 seconds; `10/30s` → 10 per 30 seconds. */
export function parseRate(value: unknown): { limit: number; windowSeconds: number } | { reason: string } {
  const reason = `must be a rate: ${RATE_EXAMPLE}, not ${JSON.stringify(value)}`;
  if (typeof value !== 'string') return { reason };
  const found = /^\s*(\d+)\s*\/\s*(\d+(?:\.\d+)?)?\s*([a-z]+?)s?\s*$/i.exec(value);
  const unit = found ? RATE_UNITS[found[3]!.toLowerCase()] : undefined;
  if (!found || unit === undefined) return { reason };
  const limit = Number(found[1]);
  const windowSeconds = (found[2] === undefined ? 1 : Number(found[2])) * unit;
  if (limit < 1 || limit > MAX_RATE_COUNT) return { reason: `must allow from 1 to ${MAX_RATE_COUNT} requests per window, not ${JSON.stringify(value)}` };
  if (!(windowSeconds > 0) || windowSeconds > MAX_SECONDS) return { reason: `must have a window longer than 0 and at most ${MAX_SECONDS} seconds, not ${JSON.stringify(value)}` };
  return { limit, windowSeconds };
}

/** `<name>_key`: a template rendered per request; refused without `<name>`, or when it renders the same for all. */
function loadKeyTemplate(source: YamlSource, map: YAMLMap | null, path: string, name: string, base: Pair | undefined): Template | undefined {
  const pair = pairNamed(map, `${name}_key`);
  if (!pair) return undefined;
  const where = `${path}.${name}_key`;
  // a key alone would look like a limit while none is in place
  if (!base) throw source.error(`"${name}_key" needs "${name}"`, pair.key as Node, where);
  const node = pair.value as Node | null;
  const example = `e.g. '{{ request.view_args.name }}' or '{{ request.json.repository.full_name }}'`;
  if (!isScalar(node) || typeof node.value !== 'string' || !/\{\{|\{%/.test(node.value)) {
    throw source.error(`must be a template rendered per request (with {{ }}), ${example}`, valueOrKey(pair), where);
  }
  return compileTemplateAt(source, node.value, node, where);
}

function templateAt(source: YamlSource, pair: Pair, path: string): Template {
  const node = pair.value as Node | null;
  if (node === null) return compileTemplateAt(source, '', pair.key as Node, path);
  if (!isScalar(node)) throw source.error('must be text (a template)', node, path);
  return compileTemplateAt(source, String(node.value ?? ''), node, path);
}

function wholeNumber(value: unknown): number | undefined {
  const parsed = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof parsed === 'number' && Number.isSafeInteger(parsed) ? parsed : undefined;
}
