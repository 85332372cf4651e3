/**
 * Where the delivery ids of endpoints with `dedupe` are kept (docs/dedupe.md). The core gets a
 * store from its runtime (`Runtime.deliveryIds`): a file in `server.state_dir` on Node, the memory
 * of the isolate (optionally backed by KV) on Workers, the memory of the execution environment on
 * Lambda. Runtime-agnostic: no `node:` imports.
 */

export type ClaimResult = 'new' | 'duplicate';

export interface DeliveryIdStore {
  /**
   * Records `id` as accepted on `endpoint` until `until` (epoch ms), unless it was already
   * recorded there with an expiry after `now`: then 'duplicate' and nothing changes. Atomic with
   * respect to other claims of the same store, so two copies of a delivery arriving together run once.
   * Throws DeliveryIdStoreUnavailable when the id cannot be kept (the request is refused with 503).
   */
  claim(endpoint: string, id: string, now: number, until: number): Promise<ClaimResult>;
  /** Forgets a claim: its request failed, and the sender's retry must run. */
  release(endpoint: string, id: string): Promise<void>;
}

/** The store cannot record ids (unwritable, full, missing binding): the request is not run. */
export class DeliveryIdStoreUnavailable extends Error {
  override readonly name = 'DeliveryIdStoreUnavailable';
}

/** The key of one (endpoint, id) pair: unambiguous whatever characters either holds. */
export function deliveryKey(endpoint: string, id: string): string {
  return JSON.stringify([endpoint, id]);
}

/**
 * Ids in a Map, each until its expiry. Bounded: when `capacity` unexpired ids are held, new ones
 * are refused (DeliveryIdStoreUnavailable) rather than an id forgotten early, which would let its
 * delivery run twice, the same choice as `verify`'s replay memory.
 */
export class MemoryDeliveryIdStore implements DeliveryIdStore {
  /** deliveryKey → epoch ms until which it is a duplicate; Map keeps insertion order. */
  private readonly expiries = new Map<string, number>();
  private lastSweep = 0;

  constructor(readonly capacity = 1_000_000) {}

  get size(): number {
    return this.expiries.size;
  }

  claim(endpoint: string, id: string, now: number, until: number): Promise<ClaimResult> {
    try {
      return Promise.resolve(this.claimNow(deliveryKey(endpoint, id), now, until));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  release(endpoint: string, id: string): Promise<void> {
    this.expiries.delete(deliveryKey(endpoint, id));
    return Promise.resolve();
  }

  /** The synchronous claim, for stores that add persistence around this one. */
  claimNow(key: string, now: number, until: number): ClaimResult {
    const expiry = this.expiries.get(key);
    if (expiry !== undefined && expiry > now) return 'duplicate';
    // forgetting expired ids now and then keeps the map small under normal traffic
    if (this.expiries.size >= this.capacity || now - this.lastSweep >= 60_000) this.sweep(now);
    if (this.expiries.size >= this.capacity) {
      throw new DeliveryIdStoreUnavailable(`${this.capacity} delivery ids inside their window are held already (the store is full)`);
    }
    this.expiries.delete(key);
    this.expiries.set(key, until);
    return 'new';
  }

  /** Sets an entry as it was recorded earlier (a persisted store loading its file); 0 forgets it. */
  restore(key: string, until: number): void {
    this.expiries.delete(key);
    if (until > 0) this.expiries.set(key, until);
  }

  forget(key: string): void {
    this.expiries.delete(key);
  }

  /** The unexpired entries, oldest first. */
  *live(now: number): IterableIterator<[key: string, until: number]> {
    for (const entry of this.expiries) if (entry[1] > now) yield entry;
  }

  sweep(now: number): void {
    this.lastSweep = now;
    for (const [key, expiry] of this.expiries) if (expiry <= now) this.expiries.delete(key);
  }
}

/** What a runtime needs of the `server` section to make its delivery-id store. */
export interface DeliveryIdSettings {
  /** Node: the folder the ids are kept in. */
  readonly stateDir: string;
  /** Workers: the KV namespace binding that keeps them; null: the isolate's memory. */
  readonly dedupeKv: string | null;
}
