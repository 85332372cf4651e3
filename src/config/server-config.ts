import type { ActionDefinition } from '../actions/define-action.js';
import type { SourcePosition } from './config-error.js';
import type { RoutePattern } from '../routing/flask-rule.js';
import type { HeaderRule, MappingRule } from '../validation/rules.js';

/** The `server` section, with defaults applied. */
export interface ServerSettings {
  host: string;
  port: number;
  /** Module paths of user actions, resolved against the config file's folder. */
  imports: string[];
  /** Largest accepted request body, in bytes. */
  maxBodySize: number;
  /** How long SIGTERM waits for in-flight work, in seconds. */
  shutdownTimeout: number;
}

export interface ConfiguredAction {
  /** 0-based position in the endpoint's action list. */
  readonly index: number;
  readonly type: string;
  readonly definition: ActionDefinition<unknown>;
  readonly prepared: unknown;
  /** Where the action is written, for messages. */
  readonly position?: SourcePosition;
}

export interface EndpointConfig {
  readonly route: string;
  /** Upper-case HTTP method. */
  readonly method: string;
  readonly pattern: RoutePattern;
  readonly headers: readonly HeaderRule[];
  /** Body rules; null when the endpoint has none. */
  readonly body: MappingRule | null;
  readonly async: boolean;
  readonly actions: readonly ConfiguredAction[];
  /** The endpoint's key path in the file, e.g. `endpoints[0]./github`, for messages. */
  readonly path: string;
}

export interface ServerConfig {
  /** The config file, as given. */
  readonly file: string;
  readonly server: ServerSettings;
  readonly endpoints: readonly EndpointConfig[];
}

export const DEFAULT_SERVER_SETTINGS: ServerSettings = {
  host: '127.0.0.1',
  port: 5000,
  imports: [],
  maxBodySize: 25 * 1024 * 1024,
  shutdownTimeout: 30,
};
