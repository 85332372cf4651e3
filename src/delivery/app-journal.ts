/**
 * The delivery journal as one app (one loaded config) uses it: accepting async requests before the
 * answer, replay() in templates, and the executor the runtime's driver runs stored deliveries with.
 */
import { deferRequest } from '../app/deferred-request.js';
import type { AppObserver } from '../app/observer.js';
import type { RequestScope } from '../app/request-scope.js';
import { answers, plainText } from '../app/responses.js';
import { WorkLimits } from '../app/work-limits.js';
import type { EndpointConfig, ServerConfig } from '../config/server-config.js';
import type { ControlKeys, EndpointControls } from '../endpoint-controls/endpoint-controls.js';
import type { Runtime } from '../runtime.js';
import { contextToJson } from './context-json.js';
import { deliverOnce, withReplay, type DeliveryEnvironment } from './deliver.js';
import { newDelivery } from './delivery-record.js';
import { needsJournal } from './journal-needs.js';
import { DeliveryNotStored } from './journal.js';

/** Seconds a sender is asked to wait when its request could not be written down. */
const RETRY_AFTER_SECONDS = 5;

export interface AppJournal {
  /** The request's scope with replay() kept in the journal. */
  withReplay(scope: RequestScope, endpoint: EndpointConfig): RequestScope;
  /**
   * An async request that passed its checks: a slot among max_pending is taken (else 503 busy),
   * the request is written down (else 503 with the reason), and its first attempt runs in the
   * background once a max_concurrency slot is free. Resolves the answer.
   */
  accept(endpoint: EndpointConfig, scope: RequestScope, startAt: number, release: () => Promise<void> | undefined, background: (work: Promise<unknown>) => void, plan?: AcceptPlan): Promise<Response>;
  /** A request this app sends itself for a replay: it is not a duplicate delivery. */
  isReplay(request: Request): boolean;
}

/** What the endpoint controls decided before the write: the success answer and the rendered keys. */
export interface AcceptPlan {
  readonly answer: Response;
  readonly keys: ControlKeys;
}

/**
 * The app's journal, or undefined when the runtime has none or the config needs none (no async
 * endpoint, no replay()). `fetchSelf` sends a request through this app's webhook path.
 */
export function openAppJournal(
  config: ServerConfig,
  runtime: Runtime,
  observer: AppObserver,
  limits: WorkLimits,
  fetchSelf: (request: Request) => Promise<Response>,
  controls?: EndpointControls,
): AppJournal | undefined {
  if (!runtime.deliveryJournal || !needsJournal(config)) return undefined;
  const replays = new WeakSet<Request>();
  const env: DeliveryEnvironment = {
    config,
    runtime,
    observer,
    get journal() {
      return journal;
    },
    resend(request) {
      replays.add(request);
      return fetchSelf(request);
    },
  };
  const journal = runtime.deliveryJournal(config.server, {
    // the endpoint's concurrency slot first, then a max_concurrency one: a chain waiting for its turn holds no global slot
    deliver: (record) => (controls ? controls.runDelivery(record, () => limits.run(() => deliverOnce(record, env))) : limits.run(() => deliverOnce(record, env))),
  });

  if (config.endpoints.some((endpoint) => endpoint.debounce) && !journal.acceptDebounced) {
    throw new Error(`"debounce" needs a delivery journal that keeps bursts, and ${runtime.name}'s does not: run the endpoint on Node (docs/configuration.md)`);
  }

  /** 503 with the reason and Retry-After; 413 for a request no retry can store. */
  function notStored(endpoint: EndpointConfig, error: unknown): Response {
    const reason = error instanceof DeliveryNotStored ? error.reason : 'the delivery could not be written down';
    runtime.stderr(`${endpoint.method} ${endpoint.route}: not accepted, ${reason}: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof DeliveryNotStored && error.status === 413) return plainText(413, `Payload Too Large: ${reason}`);
    return plainText(503, `Service Unavailable: ${reason}`, { 'Retry-After': String(RETRY_AFTER_SECONDS) });
  }

  return {
    withReplay: (scope, endpoint) => withReplay(scope, journal, endpoint.route),
    isReplay: (request) => replays.has(request),
    async accept(endpoint, scope, startAt, release, background, plan = { answer: answers.ok(), keys: {} }) {
      const request = { ...deferRequest(endpoint.route, scope.request, startAt), ...(plan.keys.concurrency === undefined ? {} : { concurrencyKey: plan.keys.concurrency }) };
      const record = { ...newDelivery(request), context: contextToJson(scope.context).json };
      if (endpoint.debounce || endpoint.concurrency) {
        // waiting work stays in the journal (not in memory, not under max_pending); the runtime
        // runs it when due, through the executor's concurrency gate
        try {
          if (endpoint.debounce) {
            const dueAt = record.receivedAt + Math.round(endpoint.debounce.seconds * 1000);
            const burst = `${endpoint.method} ${endpoint.route} ${plan.keys.debounce ?? ''}`;
            const replaced = await journal.acceptDebounced!({ ...record, dueAt }, burst);
            if (replaced > 0) observer.debounced?.({ route: endpoint.route, method: endpoint.method, count: replaced });
          } else {
            await journal.accept(record, { runHere: false });
          }
          return plan.answer;
        } catch (error) {
          await release();
          return notStored(endpoint, error);
        }
      }
      if (journal.runsAll) {
        // a queue: its consumer runs the first attempt too, so no slot is taken here
        try {
          await journal.accept(record, { runHere: false });
          return plan.answer;
        } catch (error) {
          await release();
          return notStored(endpoint, error);
        }
      }
      // the slot is taken before the write, so concurrent requests cannot overfill the queue;
      // the attempt waits until the write has settled and runs only if it was stored
      let admit: (stored: boolean) => void = () => undefined;
      const stored = new Promise<boolean>((resolve) => (admit = resolve));
      const queued = limits.runAsync(async () => {
        if (await stored) await deliverOnce(record, env);
      });
      if (!queued) {
        // refused, not accepted: the sender's retry must not be taken for a duplicate
        await release();
        return WorkLimits.busy();
      }
      try {
        await journal.accept(record, { runHere: true });
      } catch (error) {
        admit(false);
        await release();
        return notStored(endpoint, error);
      }
      admit(true);
      background(
        queued.catch((error: unknown) => {
          // the journal still says running: the next start runs it again
          runtime.stderr(`delivery ${record.id} ${endpoint.method} ${endpoint.route}: ${error instanceof Error ? error.message : String(error)}`);
        }),
      );
      return plan.answer;
    },
  };
}
