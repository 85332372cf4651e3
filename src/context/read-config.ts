import type { Runtime } from '../runtime.js';
import { noteUnsetConfig } from './unset-config.js';

/** nunjucks passes keyword arguments as a trailing object marked `__keywords`. */
type Keywords = { __keywords?: true } & Record<string, unknown>;

/**
 * `read_config(key, path=None, default=None, single_config=False, fallback_to_env=True)`,
 * as docker_helper's read_configuration: a `KEY=value` line from a file, else the
 * environment variable, else the default (None).
 */
export function makeReadConfig(runtime: Pick<Runtime, 'env' | 'readTextFile'>) {
  return (...args: unknown[]): unknown => {
    const last = args[args.length - 1] as Keywords | undefined;
    const keywords: Keywords = last && typeof last === 'object' && last.__keywords ? (args.pop() as Keywords) : {};
    const [key, path = keywords.path ?? null, fallback = keywords.default ?? null, single = keywords.single_config ?? false, toEnv = keywords.fallback_to_env ?? true] = args;
    const hasDefault = args.length >= 3 || 'default' in keywords;
    const name = String(key ?? keywords.key ?? '');
    if (path !== null && path !== undefined) {
      const text = runtime.readTextFile(String(path));
      if (text !== undefined) {
        if (single) return text;
        for (const line of text.split(/\r?\n/)) {
          if (line.startsWith(`${name}=`)) return line.slice(name.length + 1).trim();
        }
      }
    }
    if (toEnv) {
      const value = runtime.env(name);
      if (value !== undefined) return value;
    }
    // an explicit default (even None) is the config author's choice; the implicit one is not
    if (!hasDefault) noteUnsetConfig(name);
    return fallback;
  };
}
