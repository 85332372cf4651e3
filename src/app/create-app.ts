import { Hono, type Context } from 'hono';
import type { EndpointConfig, ServerConfig } from '../config/server-config.js';
import { makeReadConfig } from '../context/read-config.js';
import { createRequestContext } from '../context/request-context.js';
import { isFalsy, parsePayload } from '../request/parse-payload.js';
import { BodyTooLargeError, readBody } from '../request/read-body.js';
import { templateRequest } from '../request/template-request.js';
import type { WebhookRequest } from '../request/webhook-request.js';
import { Router } from '../routing/router.js';
import type { Runtime } from '../runtime.js';
import type { Template } from '../templates/index.js';
import { isPlainObject, validateBody, validateHeaders, type RuleRendering } from '../validation/validate.js';
import { warnUnsetConfig } from '../context/unset-config.js';
import { backtrackingRuleWarnings } from '../validation/backtracking-rules.js';
import { describeValue } from '../validation/value-text.js';
import { accessLogLine } from './access-log.js';
import { createDeduper } from './dedupe.js';
import type { AppObserver, EndpointTracker } from './observer.js';
import { answers, plainText } from './responses.js';
import { runActions, senderChecks, type ChainOutcome, type RequestScope } from './run-actions.js';

import { DEFAULT_MAX_CONCURRENCY, WorkLimits } from './work-limits.js';
const NO_BODY = new Uint8Array(0);

export interface AppOptions {
  observer?: AppObserver;
  /** Adds routes that take precedence over the webhook endpoints (`/metrics`, `/healthz`). */
  routes?(app: Hono): void;
  /** Writes an access-log line per request on stderr (default true). */
  accessLog?: boolean;
  /**
   * For platforms that freeze once the response is sent (Lambda): hands an accepted async request
   * to another invocation; resolves false when it could not, and the actions run here instead.
   */
  handOffAsync?(endpoint: EndpointConfig, request: WebhookRequest, platformContext: Context, startAt: number): Promise<boolean>;
}

/** The webhook server as a Hono app: the same on every platform. */
export function createApp(config: ServerConfig, runtime: Runtime, options: AppOptions = {}): Hono {
  const app = new Hono();
  const observer = options.observer ?? {};
  const router = new Router(config.endpoints.map((endpoint) => ({ pattern: endpoint.pattern, value: endpoint })));
  const readConfig = makeReadConfig(runtime);
  const renderRule = (template: Template) => template.render({ read_config: readConfig });
  for (const line of backtrackingRuleWarnings(config.endpoints)) runtime.stderr(line);
  let sequence = 0;
  const deduper = createDeduper(config, runtime);
  const scopeOf = (request: WebhookRequest): RequestScope => ({ request, templateRequest: templateRequest(request), context: createRequestContext(), readConfig });
  const limits = new WorkLimits(config.server.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY, config.server.maxPending);

  if (options.accessLog !== false) {
    app.use(async (c, next) => {
      await next();
      runtime.stderr(accessLogLine(runtime.remoteAddress(c), c.req.method, c.req.url, c.res.status));
    });
  }
  options.routes?.(app);

  app.all('*', async (c) => {
    const started = performance.now();
    let route = '';
    // endpoint hooks (the metrics action), for requests that passed validation and the sender checks
    let reached: { endpoint: EndpointConfig; request: WebhookRequest; tracker?: EndpointTracker; started?: true } | undefined;
    const startTracking = (scope: RequestScope) => {
      if (!reached || reached.started) return;
      reached.started = true;
      reached.tracker = observer.endpointStarted?.({ endpoint: reached.endpoint, scope });
    };
    const answer = await (async () => {
      const url = new URL(c.req.url);
      let path: string;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        return answers.notFound();
      }
      const match = router.match(path);
      if (!match) return answers.notFound();
      const endpoint = match.value;
      route = endpoint.route;
      const method = c.req.method.toUpperCase();
      reached = {
        endpoint,
        request: { id: (++sequence).toString(36).padStart(4, '0'), method, path, url: c.req.url, headers: c.req.raw.headers, body: NO_BODY, payload: null, form: {}, viewArgs: match.viewArgs, remoteAddr: runtime.remoteAddress(c) },
      };
      const allow = allowHeader(endpoint);
      if (method === 'OPTIONS') return new Response(null, { status: 200, headers: { Allow: allow } });
      if (method !== endpoint.method && !(method === 'HEAD' && endpoint.method === 'GET')) return answers.methodNotAllowed(allow);

      let body: Uint8Array;
      try {
        body = await readBody(c.req.raw, config.server.maxBodySize);
      } catch (error) {
        if (error instanceof BodyTooLargeError) return answers.tooLarge();
        throw error;
      }
      const parsed = parsePayload(c.req.header('content-type') ?? null, body);
      if (!parsed.ok) return plainText(400, parsed.reason);
      if (endpoint.body && isFalsy(parsed.payload)) return answers.noPayload();

      const request: WebhookRequest = { ...reached.request, body, payload: parsed.payload, form: parsed.form };
      reached.request = request;
      const scope = scopeOf(request);
      const failure = validate(endpoint, request, {
        render: renderRule,
        unsetConfig: (keys, rule) => warnUnsetConfig(runtime, keys, `${endpoint.method} ${endpoint.route}: ${rule}`),
      });
      if (failure) {
        runtime.stdout(failure);
        return answers.invalidPayload();
      }

      // the sender checks run before the answer (async), before the delivery id is claimed (dedupe)
      // and before the endpoint's metrics see the request: a refused request creates no series
      const checks = senderChecks(endpoint);
      if (checks > 0) {
        const checked = await runActions(endpoint, scope, runtime, observer, 0, checks);
        if (!checked.ok) return failureAnswer(checked);
      }
      startTracking(scope);
      const claim = deduper && endpoint.dedupe ? await deduper.claim(endpoint, scope) : undefined;
      if (claim instanceof Response) return claim;
      if (endpoint.async) {
        if (await options.handOffAsync?.(endpoint, request, c, checks)) return answers.ok();
        const queued = limits.runAsync(() => runActions(endpoint, scope, runtime, observer, checks));
        if (!queued) {
          // refused, not accepted: the sender's retry must not be taken for a duplicate
          await claim?.release();
          return WorkLimits.busy();
        }
        runtime.runInBackground(queued, c);
        return answers.ok();
      }
      const outcome = await limits.run(() => runActions(endpoint, scope, runtime, observer, checks));
      if (!outcome.ok) await claim?.release();
      return outcome.ok ? answers.ok() : failureAnswer(outcome);
    })().catch((error: unknown) => {
      runtime.stderr(`${c.req.method} ${route || c.req.path}: ${error instanceof Error ? error.message : String(error)}`);
      return answers.serverError();
    });
    const seconds = (performance.now() - started) / 1000;
    reached?.tracker?.finished({ status: answer.status, seconds });
    observer.requestFinished?.({ method: c.req.method.toUpperCase(), route, status: answer.status, seconds });
    return c.req.method === 'HEAD' ? new Response(null, answer) : answer;
  });
  return app;
}

function validate(endpoint: EndpointConfig, request: WebhookRequest, renderRule: RuleRendering): string | null {
  const headerFailure = validateHeaders(endpoint.headers, request.headers, renderRule);
  if (headerFailure || !endpoint.body) return headerFailure;
  if (!isPlainObject(request.payload)) {
    return `Failed to validate the payload: expected a JSON object, got ${Array.isArray(request.payload) ? 'a list' : `"${describeValue(String(request.payload))}"`}`;
  }
  return validateBody(endpoint.body, request.payload, renderRule);
}

function failureAnswer(outcome: Exclude<ChainOutcome, { ok: true }>): Response {
  return outcome.status === 401 ? answers.invalidSignature() : answers.serverError();
}

function allowHeader(endpoint: EndpointConfig): string {
  const methods = new Set([endpoint.method, 'OPTIONS']);
  if (endpoint.method === 'GET') methods.add('HEAD');
  return [...methods].sort().join(', ');
}

export type { Context };
export { plainText };
