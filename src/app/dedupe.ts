/**
 * Delivery-id dedupe (docs/dedupe.md): an endpoint's `dedupe` template renders the id of each
 * request; an id already accepted on that endpoint within `dedupe_window` is answered
 * `200 Duplicate delivery` and runs nothing. create-app.ts claims the id once the request is
 * accepted (validation and the sender checks passed), so a forged request cannot use up an id.
 */
import type { EndpointConfig, ServerConfig } from '../config/server-config.js';
import { isUnsetText } from '../context/unset-config.js';
import type { Runtime } from '../runtime.js';
import type { DeliveryIdStore } from './delivery-ids.js';
import type { RequestScope } from './request-scope.js';
import { plainText } from './responses.js';

/** A claimed id: released when the request's actions failed, so that the sender's retry runs. */
export interface DeliveryClaim {
  release(): Promise<void>;
}

const NO_CLAIM: DeliveryClaim = { release: () => Promise.resolve() };

/** Ids longer than this are kept as their SHA-256, so one request cannot make the store hold a megabyte. */
const MAX_STORED_ID_LENGTH = 256;

export const dedupeAnswers = {
  duplicate: () => plainText(200, 'Duplicate delivery'),
  unavailable: () => plainText(503, 'Service Unavailable: cannot record the delivery id'),
};

export class Deduper {
  constructor(
    private readonly store: DeliveryIdStore,
    private readonly runtime: Runtime,
  ) {}

  /**
   * Claims the request's delivery id on its endpoint: the answer to send instead of running the
   * actions (a duplicate, or 503 when the id cannot be recorded), or the claim. An endpoint without
   * `dedupe`, or an id that renders empty (or `None`), is never a duplicate.
   */
  async claim(endpoint: EndpointConfig, scope: RequestScope): Promise<Response | DeliveryClaim> {
    const settings = endpoint.dedupe;
    if (!settings) return NO_CLAIM;
    const rendered = settings.id.render({ request: scope.templateRequest, read_config: scope.readConfig, context: scope.context });
    if (isUnsetText(rendered)) return NO_CLAIM;
    const shown = rendered.trim();
    const id = shown.length > MAX_STORED_ID_LENGTH ? `sha256:${await sha256Hex(shown)}` : shown;
    const name = `${endpoint.method} ${endpoint.route}`;
    const fields = { request_id: scope.request.id, route: endpoint.route, method: endpoint.method };
    const now = Date.now();
    try {
      if ((await this.store.claim(name, id, now, now + settings.windowSeconds * 1000)) === 'duplicate') {
        this.runtime.log({ level: 'info', msg: `dedupe: duplicate delivery ${JSON.stringify(shown.length > 80 ? `${shown.slice(0, 80)}…` : shown)}, no action ran`, ...fields });
        return dedupeAnswers.duplicate();
      }
    } catch (error) {
      // fail closed: without a record of the id, a retry of this delivery would run it again
      this.runtime.log({ level: 'error', msg: `dedupe: cannot record the delivery id (${error instanceof Error ? error.message : String(error)}): answered 503, no action ran`, ...fields });
      return dedupeAnswers.unavailable();
    }
    return {
      release: () =>
        this.store.release(name, id).catch((error: unknown) => {
          this.runtime.log({
            level: 'error',
            msg: `dedupe: cannot forget the delivery id of a failed request (${error instanceof Error ? error.message : String(error)}): a retry will be answered as a duplicate`,
            ...fields,
          });
        }),
    };
  }
}

/** The deduper of an app, or null when no endpoint has `dedupe` (then no store is opened). */
export function createDeduper(config: ServerConfig, runtime: Runtime): Deduper | null {
  if (!config.endpoints.some((endpoint) => endpoint.dedupe)) return null;
  return new Deduper(runtime.deliveryIds(config.server), runtime);
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)));
  return Array.from(digest, (byte) => byte.toString(16).padStart(2, '0')).join('');
}
