/**
 * `server.ui`: the deliveries page of the Node server (docs/delivery.md, "Deliveries page"). Off
 * unless the key is set. Whether it may start without a token depends on where the server
 * listens, which environment overrides may change: the Node server decides that at startup
 * (adapters/node/ui/ui-access.ts), not the loader.
 */
import { key, type KeySpec } from '../key-table.js';
import { compileTemplate, TemplateSyntaxError, type Template } from '../templates/index.js';
import { didYouMean } from './suggest.js';

export interface UiSettings {
  /** Where the page is served; starts with `/`, no trailing `/`. */
  readonly path: string;
  /** The access token, rendered for each check (so `read_config` works); null: none configured. */
  readonly token: Template | null;
  /** No token is asked for when the server listens on 127.0.0.1 (or ::1) only. */
  readonly allowLocal: boolean;
}

export const DEFAULT_UI_PATH = '/_/deliveries';

export const UI_KEYS: readonly KeySpec[] = [
  key('path', 'string', 'Where the page is served.', { default: DEFAULT_UI_PATH }),
  key(
    'token',
    'template',
    'The access token: sent as "Authorization: Bearer TOKEN", or typed into the login form (an HttpOnly cookie then). Usually \'{{ read_config("UI_TOKEN") }}\'. Required unless allow_local.',
  ),
  key('allow_local', 'boolean', 'true: no token is needed while the server listens on 127.0.0.1 or ::1 only (refused with trust_proxy, which means a proxy in front).', { default: false }),
];

const UI_KEY_NAMES = UI_KEYS.map(({ name }) => name);

/** Reads the `server.ui` mapping; `fail` throws a config error at the key. */
export function readUiSettings(value: unknown, fail: (reason: string) => never): UiSettings {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    fail('must be a mapping with token (and optionally path, allow_local); leave the key out to turn the page off');
  }
  const entries = value as Record<string, unknown>;
  for (const name of Object.keys(entries)) {
    if (!UI_KEY_NAMES.includes(name)) fail(`unknown key "${name}"${didYouMean(name, UI_KEY_NAMES)} (known: ${UI_KEY_NAMES.join(', ')})`);
  }
  const path = entries.path ?? DEFAULT_UI_PATH;
  if (typeof path !== 'string' || !/^\/[A-Za-z0-9._~/-]*$/.test(path) || path.endsWith('/') || path.includes('//')) {
    fail(`path must be a URL path starting with "/", without a trailing "/" (like ${DEFAULT_UI_PATH}), not ${JSON.stringify(path)}`);
  }
  const allowLocal = entries.allow_local ?? false;
  if (typeof allowLocal !== 'boolean') fail(`allow_local must be true or false, not ${JSON.stringify(allowLocal)}`);
  return { path: path as string, token: readToken(entries.token, fail), allowLocal: allowLocal as boolean };
}

function readToken(value: unknown, fail: (reason: string) => never): Template | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'string' || value.trim() === '') fail('token must be a text or a template like \'{{ read_config("UI_TOKEN") }}\'');
  try {
    return compileTemplate(value as string, 'server.ui.token');
  } catch (error) {
    if (error instanceof TemplateSyntaxError) fail(`token does not compile: ${error.message}`);
    throw error;
  }
}
