/**
 * The delivery journal's record: one accepted async request (or one replay) written down before
 * its answer, with everything needed to run it again in another process after a restart.
 * Plain JSON, so every runtime can store it as it likes (a SQLite row, a queue message).
 */
import type { DeferredRequest } from './stored-request.js';

/**
 * - pending: stored, its first attempt (or a replay) not begun; `dueAt` may lie ahead (replay).
 * - running: an attempt is under way (after a crash: it runs again, at-least-once).
 * - retrying: an attempt failed; the next one is due at `dueAt`.
 * - succeeded: every action ran. Kept for `server.history`, then deleted.
 * - dead: the last attempt failed (or the endpoint is gone); kept until purged or retried by hand.
 */
export type DeliveryState = 'pending' | 'running' | 'retrying' | 'succeeded' | 'dead';
export const DELIVERY_STATES: readonly DeliveryState[] = ['pending', 'running', 'retrying', 'succeeded', 'dead'];

/**
 * - request: an accepted async request; an attempt runs the endpoint's actions from `nextAction`
 *   (validation and the sender checks passed before the answer).
 * - replay: `replay(seconds)` asked for the request to go through its endpoint again, validation
 *   and sender checks included, as if it had just arrived.
 */
export type DeliveryKind = 'request' | 'replay';

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

export interface DeliveryRecord {
  /** Unique across restarts; sorts by the time it was made. */
  readonly id: string;
  readonly kind: DeliveryKind;
  /** The request as received (route, method, headers, raw body base64, …). */
  readonly request: DeferredRequest;
  /** When the request arrived (ms since the epoch). */
  readonly receivedAt: number;
  /** Attempts that ended (failed or succeeded); an attempt cut off by a crash does not count. */
  readonly attempts: number;
  /** The index of the action the next attempt starts at: earlier ones already ran. */
  readonly nextAction: number;
  /** What the actions before `nextAction` put in `context`, as JSON (see `contextToJson`). */
  readonly context: Readonly<Record<string, JsonValue>>;
  readonly state: DeliveryState;
  /** Why the last attempt failed, or null. */
  readonly lastError: string | null;
  /** When the next attempt may start (ms since the epoch). */
  readonly dueAt: number;
}

/** A new delivery id: the time in base 36 and 8 random hex digits (`m3k9x2a1-4f0c9e2b`). */
export function newDeliveryId(now = Date.now()): string {
  const random = new Uint8Array(4);
  crypto.getRandomValues(random);
  return `${now.toString(36)}-${[...random].map((byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** A request accepted now, its first attempt due at once, starting at `startAt` (after the sender checks). */
export function newDelivery(request: DeferredRequest, options: { kind?: DeliveryKind; now?: number; dueAt?: number } = {}): DeliveryRecord {
  const now = options.now ?? Date.now();
  return {
    id: newDeliveryId(now),
    kind: options.kind ?? 'request',
    request,
    receivedAt: now,
    attempts: 0,
    nextAction: options.kind === 'replay' ? 0 : (request.startAt ?? 0),
    context: {},
    state: 'pending',
    lastError: null,
    dueAt: options.dueAt ?? now,
  };
}
