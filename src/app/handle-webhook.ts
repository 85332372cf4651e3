/**
 * The request path of every webhook, read top to bottom in `handle`: match the endpoint, read the
 * body, parse it, validate it, check the sender, claim the delivery id, then run the actions (now,
 * or in the background for async endpoints). Each step either answers or hands on.
 */
import { Hono, type Context } from 'hono';
import type { EndpointConfig, ServerConfig } from '../config/server-config.js';
import { makeReadConfig } from '../context/read-config.js';
import { warnUnsetConfig } from '../context/unset-config.js';
import { openAppJournal } from '../delivery/app-journal.js';
import { EndpointControls, requireDebounceJournal, type ControlKeys } from '../endpoint-controls/endpoint-controls.js';
import { isFalsy, parsePayload } from '../request/parse-payload.js';
import { BodyTooLargeError, readBody } from '../request/read-body.js';
import { urlPathname } from '../request/url-path.js';
import type { WebhookRequest } from '../request/webhook-request.js';
import { Router } from '../routing/router.js';
import type { Runtime } from '../runtime.js';
import type { Template } from '../templates/index.js';
import { backtrackingRuleWarnings } from '../validation/backtracking-rules.js';
import { isPlainObject, validateBody, validateHeaders, type RuleRendering } from '../validation/validate.js';
import { describeValue } from '../validation/value-text.js';
import { clientAddressOf } from './client-address.js';
import { createDeduper } from './dedupe.js';
import type { AppObserver, EndpointTracker } from './observer.js';
import { requestInfo } from './request-info.js';
import { requestScope, type RequestScope } from './request-scope.js';
import { answers, plainText, withRequestId } from './responses.js';
import { runActions, senderChecks, type ChainOutcome } from './run-actions.js';
import { DEFAULT_MAX_CONCURRENCY, WorkLimits } from './work-limits.js';

const NO_BODY = new Uint8Array(0);

export interface WebhookOptions {
  observer?: AppObserver;
}

/** What one request came to: the route it matched ("" for none), and, once accepted, its scope. */
interface Handled {
  route: string;
  /** Set once validation and the sender checks passed: the endpoint's metrics follow from here. */
  tracker?: EndpointTracker;
  /** The endpoint and the request once known, for `observer.requestAnswered`. */
  endpoint?: EndpointConfig;
  request?: WebhookRequest;
}

interface Matched {
  readonly endpoint: EndpointConfig;
  /** The decoded path. */
  readonly path: string;
  readonly viewArgs: Record<string, string | number>;
}

/** The Hono handler of every path the app's own routes did not take. */
export function webhookHandler(config: ServerConfig, runtime: Runtime, options: WebhookOptions = {}): (c: Context) => Promise<Response> {
  const observer = options.observer ?? {};
  const router = new Router(config.endpoints.map((endpoint) => ({ pattern: endpoint.pattern, value: endpoint })));
  const readConfig = makeReadConfig(runtime);
  const renderRule = (template: Template) => template.render({ read_config: readConfig });
  for (const line of backtrackingRuleWarnings(config.endpoints)) runtime.stderr(line);
  const deduper = createDeduper(config, runtime);
  const limits = new WorkLimits(config.server.maxConcurrency ?? DEFAULT_MAX_CONCURRENCY, config.server.maxPending);
  // replays go through this handler again, without the app's own routes
  const self = new Hono();
  const controls = new EndpointControls(config, runtime, observer);
  const journal = openAppJournal(config, runtime, observer, limits, async (request) => self.fetch(request), controls);
  requireDebounceJournal(config, journal !== undefined, runtime);
  const clientAddress = clientAddressOf(config.server.trustProxy);
  // per endpoint once, not per request
  const allowHeaders = new Map(config.endpoints.map((endpoint) => [endpoint, allowHeader(endpoint)]));

  async function handle(c: Context, handled: Handled, matched: Matched): Promise<Response> {
    const { endpoint } = matched;

    const request = await readRequest(c, endpoint, matched);
    if (request instanceof Response) return request;
    handled.request = request;

    const invalid = validate(endpoint, request);
    if (invalid) return invalid;

    const scope = journal ? journal.withReplay(requestScope(request, readConfig), endpoint) : requestScope(request, readConfig);
    // counted once the rules passed, before any action (the sender checks too): a 429 runs nothing;
    // a replay was asked for by the config, not sent again by the sender, and is not counted
    const limited = journal?.isReplay(c.req.raw) ? undefined : controls.rateLimit(endpoint, scope);
    if (limited) return limited;
    // the sender checks run before the answer (async too), before the delivery id is claimed and
    // before the endpoint's metrics see the request: a refused request creates no series
    const checks = senderChecks(endpoint);
    if (checks > 0) {
      const checked = await runActions(endpoint, scope, runtime, observer, 0, checks);
      if (!checked.ok) return failureAnswer(checked);
    }
    handled.tracker = observer.endpointStarted?.({ endpoint, scope });
    const keys = controls.keys(endpoint, scope);
    if (keys instanceof Response) return keys;

    // a replay is the same delivery asked for again by the config, not a duplicate
    const claim = deduper && endpoint.dedupe && !journal?.isReplay(c.req.raw) ? await deduper.claim(endpoint, scope) : undefined;
    if (claim instanceof Response) return claim;

    if (endpoint.async) return dispatchAsync(c, endpoint, scope, checks, () => claim?.release(), keys);
    // the endpoint's concurrency slot first: a chain waiting for its turn holds no max_concurrency slot
    const outcome = await controls.runChain(endpoint, keys.concurrency, () => limits.run(() => runActions(endpoint, scope, runtime, observer, checks)));
    // the actions ran: a response template that fails is a 500, but the delivery is not released for a retry
    if (outcome.ok) return controls.answer(endpoint, scope).response;
    // a failed delivery may be sent again: its retry must not be taken for a duplicate
    await claim?.release();
    return failureAnswer(outcome);
  }

  /** The endpoint for the path and method: 404, 405, or OPTIONS answered here; the route is noted for all but 404. */
  function matchEndpoint(c: Context, handled: Handled): Response | Matched {
    let path: string;
    try {
      path = decodeURIComponent(urlPathname(c.req.url));
    } catch {
      return answers.notFound();
    }
    const match = router.match(path);
    if (!match) return answers.notFound();
    const endpoint = match.value;
    handled.route = endpoint.route;
    handled.endpoint = endpoint;
    const method = c.req.method.toUpperCase();
    const allow = allowHeaders.get(endpoint)!;
    if (method === 'OPTIONS') return new Response(null, { status: 200, headers: { Allow: allow } });
    if (method !== endpoint.method && !(method === 'HEAD' && endpoint.method === 'GET')) return answers.methodNotAllowed(allow);
    return { endpoint, path, viewArgs: match.viewArgs };
  }

  /** The body, read once as bytes up to the size limit (413), and its payload (400). */
  async function readRequest(c: Context, endpoint: EndpointConfig, { path, viewArgs }: Matched): Promise<Response | WebhookRequest> {
    let body: Uint8Array = NO_BODY;
    try {
      body = await readBody(c.req.raw, config.server.maxBodySize, runtime.readDeclaredBody && (() => runtime.readDeclaredBody!(c)));
    } catch (error) {
      if (error instanceof BodyTooLargeError) return answers.tooLarge();
      throw error;
    }
    const parsed = parsePayload(c.req.header('content-type') ?? null, body);
    if (!parsed.ok) return plainText(400, parsed.reason);
    if (endpoint.body && isFalsy(parsed.payload)) return answers.noPayload();
    const info = requestInfo(c, runtime, clientAddress);
    return {
      id: info.id,
      method: c.req.method.toUpperCase(),
      path,
      url: c.req.url,
      headers: c.req.raw.headers,
      body,
      payload: parsed.payload,
      inexactIntegers: parsed.inexactIntegers,
      form: parsed.form,
      viewArgs,
      remoteAddr: info.remoteAddr,
    };
  }

  /** The header and body rules (409), with the failure line on stdout. */
  function validate(endpoint: EndpointConfig, request: WebhookRequest): Response | undefined {
    const failure = validationFailure(endpoint, request, {
      render: renderRule,
      unsetConfig: (keys, rule) => warnUnsetConfig(runtime, keys, `${endpoint.method} ${endpoint.route}: ${rule}`),
    });
    if (!failure) return undefined;
    // printed as the original printed it; the json format adds the request's fields
    runtime.log({ level: 'warn', stream: 'stdout', msg: failure, text: failure, request_id: request.id, route: endpoint.route, method: endpoint.method });
    return answers.invalidPayload();
  }

  /**
   * An async endpoint: 200 now and the actions in the background, or 503 when too many wait. With
   * the runtime's delivery journal, the request is written down before the 200 (src/delivery/).
   */
  async function dispatchAsync(c: Context, endpoint: EndpointConfig, scope: RequestScope, startAt: number, release: () => Promise<void> | undefined, keys: ControlKeys): Promise<Response> {
    // rendered before anything is accepted: a template that fails answers 500, and nothing runs
    const answer = controls.answer(endpoint, scope);
    if (!answer.ok) {
      await release();
      return answer.response;
    }
    if (journal) return journal.accept(endpoint, scope, startAt, release, (work) => runtime.runInBackground(work, c), { answer: answer.response, keys });
    const run = () => runActions(endpoint, scope, runtime, observer, startAt);
    const queued = endpoint.concurrency ? controls.runChain(endpoint, keys.concurrency, () => limits.run(run)) : limits.runAsync(run);
    if (!queued) {
      // refused, not accepted: the sender's retry must not be taken for a duplicate
      await release();
      return WorkLimits.busy();
    }
    runtime.runInBackground(queued, c);
    return answer.response;
  }

  const handler = async (c: Context): Promise<Response> => {
    const info = requestInfo(c, runtime, clientAddress);
    const handled: Handled = { route: '' };
    let answer: Response;
    try {
      // an unknown path or method is answered without reading anything more of the request
      const matched = matchEndpoint(c, handled);
      answer = matched instanceof Response ? matched : await handle(c, handled, matched);
    } catch (error) {
      runtime.log({
        level: 'error',
        msg: error instanceof Error ? error.message : String(error),
        request_id: info.id,
        ...(handled.route ? { route: handled.route } : {}),
        method: c.req.method,
        text: `[${info.id}] ${c.req.method} ${handled.route || c.req.path}: ${error instanceof Error ? error.message : String(error)}`,
      });
      answer = answers.serverError();
    }
    info.route = handled.route;
    const seconds = (performance.now() - info.started) / 1000;
    handled.tracker?.finished({ status: answer.status, seconds });
    observer.requestFinished?.({ method: c.req.method.toUpperCase(), route: handled.route, status: answer.status, seconds });
    if (handled.endpoint && c.req.method !== 'OPTIONS') {
      const path = handled.request?.path ?? urlPathname(c.req.url);
      observer.requestAnswered?.({
        id: info.id,
        endpoint: handled.endpoint,
        method: c.req.method.toUpperCase(),
        path,
        status: answer.status,
        seconds,
        headers: c.req.raw.headers,
        body: handled.request?.body,
        remoteAddr: info.remoteAddr,
      });
    }
    return withRequestId(c.req.method === 'HEAD' ? new Response(null, answer) : answer, info.id);
  };
  self.all('*', handler);
  return handler;
}

function validationFailure(endpoint: EndpointConfig, request: WebhookRequest, rules: RuleRendering): string | null {
  const headerFailure = validateHeaders(endpoint.headers, request.headers, rules);
  if (headerFailure || !endpoint.body) return headerFailure;
  if (!isPlainObject(request.payload)) {
    return `Failed to validate the payload: expected a JSON object, got ${Array.isArray(request.payload) ? 'a list' : `"${describeValue(String(request.payload))}"`}`;
  }
  return validateBody(endpoint.body, request.payload, rules);
}

function failureAnswer(outcome: Exclude<ChainOutcome, { ok: true }>): Response {
  return outcome.status === 401 ? answers.invalidSignature() : answers.serverError();
}

function allowHeader(endpoint: EndpointConfig): string {
  const methods = new Set([endpoint.method, 'OPTIONS']);
  if (endpoint.method === 'GET') methods.add('HEAD');
  return [...methods].sort().join(', ');
}
