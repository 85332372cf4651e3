/** One incoming webhook, read once: the raw bytes and what was parsed from them. */
export interface WebhookRequest {
  /** A short id for log lines. */
  readonly id: string;
  /** Upper-case method as received. */
  readonly method: string;
  /** Decoded path, without the query string. */
  readonly path: string;
  readonly url: string;
  readonly headers: Headers;
  /** The body exactly as received; signatures are checked on these bytes. */
  readonly body: Uint8Array;
  /** The parsed JSON payload, or null. */
  readonly payload: unknown;
  /** The payload holds a number beyond 2^53, which JSON.parse did not keep exact (see template-request.ts). */
  readonly inexactIntegers: boolean;
  /** Fields of a form-encoded body. */
  readonly form: Record<string, string>;
  readonly viewArgs: Record<string, string | number>;
  readonly remoteAddr: string;
}
