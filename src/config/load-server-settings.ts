import { isMap, isScalar, type Node, type Pair } from 'yaml';
import { DEFAULT_SERVER_SETTINGS, type ServerSettings } from './server-config.js';
import { parseSeconds } from './seconds.js';
import { didYouMean } from './suggest.js';
import type { YamlSource } from './yaml-source.js';

const SERVER_KEYS = ['host', 'port', 'imports', 'max_body_size', 'shutdown_timeout', 'max_concurrency', 'max_pending', 'state_dir', 'dedupe_kv'];

export function loadServerSettings(source: YamlSource, node: Node | null, pair: Pair | undefined): ServerSettings {
  const settings = { ...DEFAULT_SERVER_SETTINGS, imports: [] as string[] };
  if (node === null || (isScalar(node) && node.value === null)) return settings;
  if (!isMap(node)) throw source.error('must be a mapping', node ?? (pair?.key as Node), 'server');
  for (const item of node.items) {
    const key = String(isScalar(item.key) ? item.key.value : item.key);
    const valueNode = item.value as Node | null;
    const value = valueNode === null ? null : source.toJS(valueNode);
    const path = `server.${key}`;
    const fail = (reason: string): never => {
      throw source.error(reason, valueNode ?? (item.key as Node), path);
    };
    switch (key) {
      case 'host':
        if (typeof value !== 'string' || value === '') fail('must be a host name or address');
        settings.host = value as string;
        break;
      case 'port': {
        const port = typeof value === 'string' ? Number(value.trim()) : value;
        if (typeof port !== 'number' || !Number.isInteger(port) || port < 0 || port > 65535) fail(`must be a port number (0-65535), not ${JSON.stringify(value)}`);
        settings.port = port as number;
        break;
      }
      case 'imports':
        if (value === null) break;
        if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string' && entry !== '')) fail('must be a list of module paths');
        settings.imports = value as string[];
        break;
      case 'max_body_size':
        settings.maxBodySize = parseSize(value) ?? fail(`must be a size like 25MiB, 512KB or a number of bytes, not ${JSON.stringify(value)}`);
        break;
      case 'shutdown_timeout': {
        const parsed = parseSeconds(value);
        settings.shutdownTimeout = 'reason' in parsed ? fail(parsed.reason) : parsed.seconds;
        break;
      }
      case 'max_concurrency':
        settings.maxConcurrency = positiveCount(value) ?? fail(`must be a whole number of action chains, 1 or more, not ${JSON.stringify(value)}`);
        break;
      case 'max_pending':
        settings.maxPending = positiveCount(value) ?? fail(`must be a whole number of waiting requests, 1 or more, not ${JSON.stringify(value)}`);
        break;
      case 'state_dir':
        if (typeof value !== 'string' || value.trim() === '') fail('must be a folder path (relative paths are resolved against the working directory)');
        settings.stateDir = value as string;
        break;
      case 'dedupe_kv':
        if (value === null) break;
        if (typeof value !== 'string' || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(value)) fail(`must be the name of a KV namespace binding of the Worker (letters, digits, _), not ${JSON.stringify(value)}`);
        settings.dedupeKv = value as string;
        break;
      default:
        throw source.error(`unknown key "${key}"${didYouMean(key, SERVER_KEYS)} (known: ${SERVER_KEYS.join(', ')})`, item.key as Node, 'server');
    }
  }
  return settings;
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
