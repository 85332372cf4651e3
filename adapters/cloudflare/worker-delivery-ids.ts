/**
 * Delivery ids (endpoint `dedupe`) on Cloudflare Workers: in the memory of the isolate, and, when
 * `server.dedupe_kv` names a KV namespace binding, in that namespace too, so that a retry reaching
 * another isolate or location (or this one after it was evicted) is recognised. See docs/dedupe.md.
 */
import { DeliveryIdStoreUnavailable, MemoryDeliveryIdStore, deliveryKey, type ClaimResult, type DeliveryIdSettings, type DeliveryIdStore } from '../../src/app/delivery-ids.js';
import type { WorkerBindings } from './worker-bindings.js';

/** What we use of a KV namespace binding. */
export interface KvNamespaceLike {
  get(key: string): Promise<string | null>;
  put(key: string, value: string, options?: { expirationTtl?: number }): Promise<void>;
  delete(key: string): Promise<void>;
}

/** KV refuses an expirationTtl under 60 seconds. */
const KV_MIN_TTL_SECONDS = 60;

/** One per isolate, whatever bindings object a request arrives with. */
const isolateIds = new MemoryDeliveryIdStore();

export function workerDeliveryIds(server: DeliveryIdSettings, bindings: WorkerBindings, stderr: (line: string) => void): DeliveryIdStore {
  if (server.dedupeKv === null) return isolateIds;
  const binding = bindings[server.dedupeKv];
  if (!isKvNamespace(binding)) {
    // fail closed: the config asks for a durable store, memory alone would quietly be less
    const reason = `server.dedupe_kv is "${server.dedupeKv}", but the Worker has no KV namespace binding of that name`;
    stderr(`dedupe: ${reason}; endpoints with dedupe answer 503`);
    return {
      claim: () => Promise.reject(new DeliveryIdStoreUnavailable(reason)),
      release: () => Promise.resolve(),
    };
  }
  return new KvDeliveryIdStore(isolateIds, binding, server.dedupeKv);
}

function isKvNamespace(value: unknown): value is KvNamespaceLike {
  if (value === null || typeof value !== 'object') return false;
  const candidate = value as Record<string, unknown>;
  return typeof candidate.get === 'function' && typeof candidate.put === 'function' && typeof candidate.delete === 'function';
}

/**
 * The isolate's memory first (atomic: two copies arriving at one isolate together run once), then
 * KV. KV is eventually consistent and has no compare-and-set: two copies arriving at two
 * locations within about a minute can both run; retries spread over time are caught.
 */
export class KvDeliveryIdStore implements DeliveryIdStore {
  constructor(
    private readonly memory: MemoryDeliveryIdStore,
    private readonly kv: KvNamespaceLike,
    private readonly binding: string,
  ) {}

  async claim(endpoint: string, id: string, now: number, until: number): Promise<ClaimResult> {
    const key = deliveryKey(endpoint, id);
    if (this.memory.claimNow(key, now, until) === 'duplicate') return 'duplicate';
    try {
      const kvKey = await this.kvKey(key);
      const recorded = Number(await this.kv.get(kvKey));
      if (recorded > now) {
        this.memory.restore(key, recorded);
        return 'duplicate';
      }
      await this.kv.put(kvKey, String(until), { expirationTtl: Math.max(KV_MIN_TTL_SECONDS, Math.ceil((until - now) / 1000)) });
      return 'new';
    } catch (error) {
      this.memory.forget(key);
      throw new DeliveryIdStoreUnavailable(`KV namespace "${this.binding}": ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  async release(endpoint: string, id: string): Promise<void> {
    const key = deliveryKey(endpoint, id);
    this.memory.forget(key);
    await this.kv.delete(await this.kvKey(key));
  }

  /** KV keys are at most 512 bytes: the pair is kept as its SHA-256. */
  private async kvKey(key: string): Promise<string> {
    const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(key)));
    return `dedupe:${Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
  }
}
