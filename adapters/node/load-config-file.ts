import { readFileSync } from 'node:fs';
import { ActionRegistry } from '../../src/actions/action-registry.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import { readImports } from '../../src/config/read-imports.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { loadActionModules } from './load-action-modules.js';
import { nodeActions } from './node-actions.js';

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
