import { createRequestContext } from '../context/request-context.js';
import { templateRequest } from '../request/template-request.js';
import type { WebhookRequest } from '../request/webhook-request.js';

/** What every action of one request shares. */
export interface RequestScope {
  readonly request: WebhookRequest;
  /** The template `request` object. */
  readonly templateRequest: Record<string, unknown>;
  readonly context: Record<string, unknown>;
  readonly readConfig: (...args: unknown[]) => unknown;
  /**
   * Keeps a replay of this request, `seconds` from now, in the delivery journal (`replay()` in a
   * template); absent where there is no journal, and replay() then fails the action.
   */
  readonly replay?: (seconds: number) => Promise<void>;
}

/** A request's scope with a fresh, empty `context`. */
export function requestScope(request: WebhookRequest, readConfig: (...args: unknown[]) => unknown): RequestScope {
  return { request, templateRequest: templateRequest(request), context: createRequestContext(), readConfig };
}
