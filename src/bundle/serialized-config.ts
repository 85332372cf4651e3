/**
 * A ServerConfig as plain JSON, written into a bundle at build time. Templates are
 * referenced by id (`{ "$template": "t3" }`); their sources travel separately, precompiled.
 */
import type { SourcePosition } from '../config/config-error.js';
import type { ServerSettings } from '../config/server-config.js';
import type { RetryPolicy } from '../delivery/retry-policy.js';
import type { SerializedControls } from '../endpoint-controls/serialize-controls.js';

/** Bumped when the shape changes; a bundle built by another version is refused at start. */
export const SERIALIZED_CONFIG_VERSION = 1;

/** The key marking a template reference in a serialised value. */
export const TEMPLATE_REF = '$template';
/** The key wrapping a plain object whose own keys would be mistaken for markers. */
export const LITERAL_OBJECT = '$literal';

export type SerializedValue = null | boolean | number | string | SerializedValue[] | { [key: string]: SerializedValue };

export interface SerializedPatternRule {
  readonly kind: 'pattern';
  /** Template id of the rule's text. */
  readonly template: string;
  /** false: the rule is a template rendered per request (`{{ read_config(...) }}`). */
  readonly fixed: boolean;
}

export interface SerializedMappingRule {
  readonly kind: 'mapping';
  readonly entries: ReadonlyArray<readonly [key: string, rule: SerializedBodyRule]>;
}

export interface SerializedNeverRule {
  readonly kind: 'never';
  readonly text: string;
}

export type SerializedBodyRule = SerializedPatternRule | SerializedMappingRule | SerializedNeverRule;

export interface SerializedAction {
  readonly index: number;
  readonly type: string;
  readonly prepared: SerializedValue;
  readonly position?: SourcePosition;
}

export interface SerializedEndpoint {
  readonly route: string;
  readonly method: string;
  readonly path: string;
  readonly async: boolean;
  /** `response`, `concurrency`, `debounce`, `rate_limit`; absent without any. */
  readonly controls?: SerializedControls;
  readonly headers: ReadonlyArray<{ readonly name: string; readonly rule: SerializedPatternRule }>;
  readonly body: SerializedMappingRule | null;
  readonly actions: readonly SerializedAction[];
  /** `dedupe`: template id of the delivery id, and the window; absent without dedupe. */
  readonly dedupe?: { readonly id: string; readonly windowSeconds: number };
  /** `retry`, as it is (plain numbers); absent without it. */
  readonly retry?: RetryPolicy;
}

export interface SerializedConfig {
  readonly version: typeof SERIALIZED_CONFIG_VERSION;
  readonly file: string;
  readonly server: ServerSettings;
  readonly endpoints: readonly SerializedEndpoint[];
}
