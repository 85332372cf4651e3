import { readFileSync } from 'node:fs';
import { ActionRegistry } from '../../src/actions/action-registry.js';
import { ConfigError } from '../../src/config/config-error.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { nodeActions } from './node-actions.js';

/** Reads and checks a config file with the actions available on Node. */
export function loadConfigFile(file: string, warn: (message: string) => void): ServerConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' ? 'permission denied' : (error as Error).message;
    throw new ConfigError(`cannot read the config file "${file}": ${reason}`);
  }
  return loadConfig(text, file, new ActionRegistry(nodeActions), { warn });
}
