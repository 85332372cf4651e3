/**
 * The stored form of an accepted request, shared by the delivery journal and Lambda's hand-off to
 * another invocation (src/app/deferred-request.ts). A leaf: it imports nothing.
 */
/** An accepted request as JSON: everything its actions can see, the raw body included. */
export interface DeferredRequest {
  /** The endpoint, by its route and method (a route is unique in a config). */
  readonly route: string;
  readonly method: string;
  readonly id: string;
  readonly path: string;
  readonly url: string;
  readonly headers: ReadonlyArray<readonly [name: string, value: string]>;
  /** The raw body bytes, base64. */
  readonly body: string;
  readonly viewArgs: Record<string, string | number>;
  readonly remoteAddr: string;
  /** The index of the first action to run: the sender checks before it ran before the answer. */
  readonly startAt?: number;
  /** The rendered `concurrency_key` (or "" for the endpoint's one limit): a restart queues it under the same key. */
  readonly concurrencyKey?: string;
}
