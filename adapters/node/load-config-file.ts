import { readFileSync } from 'node:fs';
import { ActionRegistry } from '../../src/actions/action-registry.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { parsePort } from '../../src/config/load-server-settings.js';
import { readImports } from '../../src/config/read-imports.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { loadActionModules } from './load-action-modules.js';
import { nodeActions } from './node-actions.js';

/** The config file's path: the command line's, else WEBHOOK_PROXY_CONFIG, else ./server.yml. */
export function configFileOf(argument: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return argument ?? setVariable(env, 'WEBHOOK_PROXY_CONFIG') ?? 'server.yml';
}

/**
 * The environment's say over `server` (containers and systemd units set these):
 * WEBHOOK_PROXY_HOST over `host`; WEBHOOK_PROXY_PORT, then PORT, over `port`. A value that
 * is not a host or a port is an error naming the variable, never ignored.
 */
export function applyEnvironment(config: ServerConfig, env: NodeJS.ProcessEnv = process.env): ServerConfig {
  const server = { ...config.server };
  const host = setVariable(env, 'WEBHOOK_PROXY_HOST');
  if (host !== undefined) {
    if (/\s/.test(host)) throw new ConfigError(`WEBHOOK_PROXY_HOST must be a host name or address, not ${JSON.stringify(host)}`);
    server.host = host;
  }
  for (const name of ['WEBHOOK_PROXY_PORT', 'PORT']) {
    const value = setVariable(env, name);
    if (value === undefined) continue;
    const port = parsePort(value);
    if (port === undefined) throw new ConfigError(`${name} must be a port number (0-65535), not ${JSON.stringify(value)}`);
    server.port = port;
    break;
  }
  return { ...config, server };
}

/** An empty variable counts as unset, as a unit file's `Environment=PORT=` means. */
function setVariable(env: NodeJS.ProcessEnv, name: string): string | undefined {
  const value = env[name];
  return value === undefined || value === '' ? undefined : value;
}

/** Reads and checks a config file with the actions available on Node plus its `server.imports`. */
export async function loadConfigFile(file: string, warn: (message: string) => void): Promise<ServerConfig> {
  const text = readConfigText(file);
  const registry = new ActionRegistry(nodeActions);
  for (const { entry, actions } of await loadActionModules(readImports(text, file), file)) {
    for (const action of actions) {
      if (registry.get(action.name)) {
        throw new ConfigError(`Failed to import ${entry.path}: action already registered: ${action.name}`, entry.position, 'server.imports');
      }
      registry.register(action);
    }
  }
  return loadConfig(text, file, registry, { warn });
}

function readConfigText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new ConfigError(`cannot read the config file "${file}": ${reason}`);
  }
}
