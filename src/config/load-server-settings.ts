import { isMap, type Node, type Pair } from 'yaml';
import { parseNetwork } from '../app/client-address.js';
import { LOG_FORMATS, type LogFormat } from '../app/log-output.js';
import { key, type KeySpec } from '../key-table.js';
import { parseDuration } from './duration.js';
import { readUiSettings, UI_KEYS } from './load-ui-settings.js';
import { parseSeconds } from './seconds.js';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from './server-config.js';
import { isEmptyValue, keyText, plainValue, unknownKeyError, valueOrKey } from './yaml-map.js';
import type { YamlSource } from './yaml-source.js';

type Fail = (reason: string) => never;

/** A `server` key: its table row (loader and JSON Schema) and how its value is read. */
export interface ServerKey extends KeySpec {
  /** The field of ServerSettings it sets. */
  readonly setting: keyof ServerSettings;
  /** A running Node server keeps its old value on reload (SIGHUP, --watch): it takes a restart. */
  readonly restart?: true;
  read(value: unknown, settings: ServerSettings, fail: Fail): void;
}

export const SERVER_KEYS: readonly ServerKey[] = [
  {
    ...key('host', 'string', 'Address to listen on (Node). 0.0.0.0 or :: to be reachable from other machines. WEBHOOK_PROXY_HOST overrides it.', { default: DEFAULT_SERVER_SETTINGS.host }),
    setting: 'host',
    restart: true,
    read(value, settings, fail) {
      if (typeof value !== 'string' || value === '') fail('must be a host name or address');
      settings.host = value as string;
    },
  },
  {
    ...key('port', 'integer', 'TCP port to listen on (Node); 0 picks a free one. WEBHOOK_PROXY_PORT, then PORT, override it.', { default: DEFAULT_SERVER_SETTINGS.port }),
    setting: 'port',
    restart: true,
    read(value, settings, fail) {
      const port = parsePort(value);
      if (port === undefined) fail(`must be a port number (0-65535), not ${JSON.stringify(value)}`);
      settings.port = port as number;
    },
  },
  {
    ...key('imports', 'string-list', 'Module files with user actions, relative to this file.', { nullable: true }),
    setting: 'imports',
    read(value, settings, fail) {
      if (value === null) return;
      if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string' && entry !== '')) fail('must be a list of module paths');
      settings.imports = value as string[];
    },
  },
  {
    ...key('max_body_size', 'size', 'Largest request body accepted; larger ones get 413.', { default: '25MiB' }),
    setting: 'maxBodySize',
    read(value, settings, fail) {
      settings.maxBodySize = parseSize(value) ?? fail(`must be a size like 25MiB, 512KB or a number of bytes, not ${JSON.stringify(value)}`);
    },
  },
  {
    ...key('shutdown_timeout', 'duration', 'Seconds SIGTERM waits for in-flight requests and async actions before abandoning them.', { default: DEFAULT_SERVER_SETTINGS.shutdownTimeout }),
    setting: 'shutdownTimeout',
    read(value, settings, fail) {
      const parsed = parseSeconds(value);
      settings.shutdownTimeout = 'reason' in parsed ? fail(parsed.reason) : parsed.seconds;
    },
  },
  {
    ...key('max_concurrency', 'integer', 'Action chains running at once, across endpoints (Node default: 4 per core).'),
    setting: 'maxConcurrency',
    read(value, settings, fail) {
      settings.maxConcurrency = positiveCount(value) ?? fail(`must be a whole number of action chains, 1 or more, not ${JSON.stringify(value)}`);
    },
  },
  {
    ...key('max_pending', 'integer', 'Accepted async requests waiting for a free slot; past it they get 503.', { default: DEFAULT_SERVER_SETTINGS.maxPending }),
    setting: 'maxPending',
    read(value, settings, fail) {
      settings.maxPending = positiveCount(value) ?? fail(`must be a whole number of waiting requests, 1 or more, not ${JSON.stringify(value)}`);
    },
  },
  {
    ...key('state_dir', 'string', 'Folder where the Node server keeps state across restarts: the delivery journal and the delivery ids of dedupe.', { default: DEFAULT_SERVER_SETTINGS.stateDir }),
    setting: 'stateDir',
    restart: true,
    read(value, settings, fail) {
      if (typeof value !== 'string' || value.trim() === '') fail('must be a folder path (relative paths are resolved against the working directory)');
      settings.stateDir = value as string;
    },
  },
  {
    ...key('dedupe_kv', 'string', "Cloudflare Workers: the KV namespace binding that keeps delivery ids (default: the isolate's memory).", { nullable: true }),
    setting: 'dedupeKv',
    read(value, settings, fail) {
      if (value === null) return;
      if (typeof value !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) fail(`must be the name of a KV namespace binding of the Worker (letters, digits, _), not ${JSON.stringify(value)}`);
      settings.dedupeKv = value as string;
    },
  },
  queueBindingKey(
    'queue',
    'queue',
    'Cloudflare Workers: the queue binding (producer and consumer) that keeps async deliveries, retries and replay() (docs/delivery.md); without it async endpoints run in waitUntil.',
  ),
  queueBindingKey('dead_letter_queue', 'deadLetterQueue', 'Cloudflare Workers: the queue binding dead deliveries are sent to; needed with server.queue.'),
  {
    ...key('history', 'duration', 'Node: how long the delivery journal keeps succeeded deliveries for `webhook-proxy deliveries` (dead ones stay until purged).', { default: '7d' }),
    setting: 'historySeconds',
    read(value, settings, fail) {
      const parsed = parseDuration(value);
      settings.historySeconds = 'reason' in parsed ? fail(parsed.reason) : parsed.seconds;
    },
  },
  {
    ...key('health', 'boolean', 'GET /healthz answers 200 "ok" (503 while draining) on every runtime; false turns it off, and /healthz is then an ordinary path.', { default: true }),
    setting: 'health',
    read(value, settings, fail) {
      if (typeof value !== 'boolean') fail(`must be true or false, not ${JSON.stringify(value)}`);
      settings.health = value as boolean;
    },
  },
  {
    ...key('log_format', 'string', 'text: the lines the original printed; json: one object per line (time, level, msg, request_id, route, ...). WEBHOOK_PROXY_LOG_FORMAT overrides it.', {
      default: DEFAULT_SERVER_SETTINGS.logFormat,
      values: LOG_FORMATS,
    }),
    setting: 'logFormat',
    read(value, settings, fail) {
      if (!(LOG_FORMATS as readonly unknown[]).includes(value)) fail(`must be ${LOG_FORMATS.join(' or ')}, not ${JSON.stringify(value)}`);
      settings.logFormat = value as LogFormat;
    },
  },
  {
    ...key(
      'trust_proxy',
      'any',
      "Take the client address from X-Forwarded-For / Forwarded: true (every hop), a number of proxy hops, or a list of the proxies' addresses and CIDRs. Default false: the socket's peer.",
      {
        default: false,
      },
    ),
    setting: 'trustProxy',
    read(value, settings, fail) {
      const usage = 'must be true, false, a number of proxy hops, or a list of proxy addresses and CIDRs like [127.0.0.1, 10.0.0.0/8]';
      if (typeof value === 'boolean') {
        settings.trustProxy = value;
      } else if (typeof value === 'number') {
        if (!Number.isSafeInteger(value) || value < 0) fail(`${usage}, not ${JSON.stringify(value)}`);
        settings.trustProxy = value;
      } else if (Array.isArray(value)) {
        const wrong = value.find((entry) => typeof entry !== 'string' || parseNetwork(entry) === null);
        if (wrong !== undefined) fail(`${JSON.stringify(wrong)} is not an IP address or CIDR (like 10.0.0.0/8 or 2001:db8::/32)`);
        settings.trustProxy = (value as string[]).map((entry) => entry.trim());
      } else {
        fail(typeof value === 'string' ? `${usage}; a single address is written as a list: [${value}]` : usage);
      }
    },
  },
  {
    ...key('ui', 'mapping', "The deliveries page of the Node server (docs/delivery.md): recent deliveries and refused requests, their actions' output, Redeliver. Off unless set.", { keys: UI_KEYS }),
    setting: 'ui',
    restart: true,
    read(value, settings, fail) {
      settings.ui = readUiSettings(value, fail);
    },
  },
];

/** A server key naming a queue binding of the Worker (the binding, not the queue's own name). */
function queueBindingKey(name: string, setting: 'queue' | 'deadLetterQueue', description: string): ServerKey {
  return {
    ...key(name, 'string', description, { nullable: true }),
    setting,
    read(value, settings, fail) {
      if (value === null) return;
      if (typeof value !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) fail(`must be the name of a queue binding of the Worker (letters, digits, _), not ${JSON.stringify(value)}`);
      settings[setting] = value as string;
    },
  };
}

const SERVER_KEY_NAMES = SERVER_KEYS.map(({ name }) => name);

export function loadServerSettings(source: YamlSource, node: Node | null, pair: Pair | undefined): ServerSettings {
  const settings: ServerSettings = { ...DEFAULT_SERVER_SETTINGS, imports: [] };
  if (isEmptyValue(node)) return settings;
  if (!isMap(node)) throw source.error('must be a mapping', node ?? (pair?.key as Node), 'server');
  for (const item of node.items) {
    const name = keyText(item);
    const row = SERVER_KEYS.find((candidate) => candidate.name === name);
    if (!row) throw unknownKeyError(source, item, SERVER_KEY_NAMES, 'server');
    row.read(plainValue(source, item), settings, (reason: string): never => {
      throw source.error(reason, valueOrKey(item), `server.${name}`);
    });
  }
  return settings;
}

/** 0-65535; a string of digits works too (`port: '8080'`, or from the environment). */
export function parsePort(value: unknown): number | undefined {
  const port = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value.trim()) : value;
  return typeof port === 'number' && Number.isInteger(port) && port >= 0 && port <= 65535 ? port : undefined;
}

/** A whole number ≥ 1 (a string of digits works, as for `port`). */
function positiveCount(value: unknown): number | undefined {
  const count = typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value;
  return typeof count === 'number' && Number.isSafeInteger(count) && count >= 1 ? count : undefined;
}

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1e3, kb: 1e3, kib: 1024, m: 1e6, mb: 1e6, mib: 1024 ** 2, g: 1e9, gb: 1e9, gib: 1024 ** 3 };

/** `25MiB`, `512 KB`, `1000000` → bytes. */
export function parseSize(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const found = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(value);
  const unit = found && UNITS[found[2]!.toLowerCase()];
  return found && unit ? Math.floor(Number(found[1]) * unit) : undefined;
}
