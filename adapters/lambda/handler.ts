import type { Hono } from 'hono';
import { createApp } from '../../src/app/create-app.js';
import type { AppObserver } from '../../src/app/observer.js';
import { runEndpointActions } from '../../src/app/run-endpoint-actions.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { createMetricsObserver } from '../../src/metrics/metrics-observer.js';
import { VERSION } from '../node/version.js';
import { DeferredMetrics } from './deferred-metrics.js';
import { isFunctionUrlEvent, toRequest, toResult, type FunctionUrlResult } from './function-url-event.js';
import { LambdaRuntime } from './lambda-runtime.js';
import { isAsyncActionsEvent, selfInvoke, type InvokeEvent } from './self-invoke.js';

/** The parts of the Lambda context object we use. */
export interface LambdaContext {
  readonly functionName?: string;
  readonly invokedFunctionArn?: string;
  readonly awsRequestId?: string;
}

/** What an invocation carrying async actions returns (Lambda discards it for Event invocations). */
export interface AsyncActionsResult {
  readonly actionsSucceeded: boolean;
}

export type LambdaHandler = (event: unknown, context?: LambdaContext) => Promise<FunctionUrlResult | AsyncActionsResult>;

export interface LambdaHandlerOptions {
  runtime?: LambdaRuntime;
  /** Replaces the metrics observer (default: prom-client series served on GET /metrics). */
  observer?: AppObserver;
  /** Extra routes before the webhook endpoints. */
  routes?(app: Hono): void;
  /** Replaces the AWS SDK Invoke call (tests of failure paths). */
  invoke?: InvokeEvent;
}

/**
 * The Lambda handler for a config: Function URL events (payload 2.0) are answered by the same app
 * as on Node; the events it sends itself for async endpoints run those endpoints' actions.
 * `WEBHOOK_PROXY_ASYNC=inline` runs async actions before answering instead of handing them off.
 */
export function createLambdaHandler(config: ServerConfig, options: LambdaHandlerOptions = {}): LambdaHandler {
  const runtime = options.runtime ?? new LambdaRuntime();
  // per execution environment: each instance counts what it handled and serves only that on /metrics
  const metrics = new DeferredMetrics(async () => new (await import('../node/metrics/prom-metrics.js')).PromMetrics(VERSION));
  const observer = options.observer ?? createMetricsObserver(config, metrics, runtime);
  // one invocation at a time per environment: the current one's context names the function to invoke
  let current: LambdaContext | undefined;
  const handOff = selfInvoke(runtime, {
    functionName: () => current?.invokedFunctionArn ?? current?.functionName ?? runtime.env('AWS_LAMBDA_FUNCTION_NAME'),
    invoke: options.invoke,
  });
  const app = createApp(config, runtime, {
    observer,
    routes(app) {
      // as on Node; server.health: false leaves /healthz to the endpoints
      if (config.server.health !== false) app.get('/healthz', (c) => c.text('ok\n'));
      // as on Node (adapters/node/metrics/metrics-route.ts): GET wins over a user route /metrics
      app.get('/metrics', async (c) => {
        const { contentType, body } = await (await metrics.ready()).scrape(c.req.header('accept'));
        return c.body(body, 200, { 'Content-Type': contentType });
      });
      options.routes?.(app);
    },
    handOffAsync: async (endpoint, request, _context, startAt) => runtime.env('WEBHOOK_PROXY_ASYNC') !== 'inline' && handOff(endpoint, request, startAt),
  });

  return async (event, context) => {
    current = context;
    if (isAsyncActionsEvent(event)) {
      // never thrown: a failure is logged with the endpoint and the action's index, and Lambda's
      // retry of a failed invocation would repeat the actions that had already succeeded
      return { actionsSucceeded: await runEndpointActions(config, event.request, runtime, observer) };
    }
    if (!isFunctionUrlEvent(event)) {
      throw new Error('webhook-proxy: not a Function URL event (payload format 2.0) nor an async-actions event');
    }
    let request: Request;
    try {
      request = toRequest(event);
    } catch (error) {
      runtime.stderr(`cannot read the Function URL event: ${error instanceof Error ? error.message : String(error)}`);
      return { statusCode: 400, headers: { 'content-type': 'text/plain' }, body: 'Bad Request', isBase64Encoded: false };
    }
    const response = await app.fetch(request, { event });
    const result = await toResult(response);
    // async actions that could not be handed off run now, before the environment freezes
    await runtime.settle();
    // prom-client loads once this answer is on its way (or when the environment thaws), off the cold start
    setTimeout(() => void metrics.ready(), 0).unref();
    return result;
  };
}
