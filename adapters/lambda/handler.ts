import type { Hono } from 'hono';
import { createApp } from '../../src/app/create-app.js';
import type { AppObserver } from '../../src/app/observer.js';
import { ConfigError } from '../../src/config/config-error.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import type { DeliveryRecord, DeliveryState } from '../../src/delivery/delivery-record.js';
import { createMetricsObserver } from '../../src/metrics/metrics-observer.js';
import { VERSION } from '../node-platform/version.js';
import { DeferredMetrics } from './deferred-metrics.js';
import { isFunctionUrlEvent, toRequest, toResult, type FunctionUrlResult } from './function-url-event.js';
import { DeliveryAttemptFailed, LambdaJournal } from './lambda-journal.js';
import { LambdaRuntime } from './lambda-runtime.js';
import { deliveryOf, type InvokeEvent } from './self-invoke.js';

/** The parts of the Lambda context object we use. */
export interface LambdaContext {
  readonly functionName?: string;
  readonly invokedFunctionArn?: string;
  readonly awsRequestId?: string;
}

/** What an invocation that ran a delivery returns (Lambda discards it for Event invocations). */
export interface DeliveryResult {
  readonly delivery: string;
  readonly state: Extract<DeliveryState, 'succeeded' | 'dead'>;
}

export type LambdaHandler = (event: unknown, context?: LambdaContext) => Promise<FunctionUrlResult | DeliveryResult>;

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
 * as on Node; the delivery events it sends itself for async endpoints run those endpoints' actions
 * (lambda-journal.ts). `WEBHOOK_PROXY_ASYNC=inline` runs async actions before answering instead of
 * handing them off.
 */
export function createLambdaHandler(config: ServerConfig, options: LambdaHandlerOptions = {}): LambdaHandler {
  const runtime = options.runtime ?? new LambdaRuntime();
  const asyncMode = runtime.env('WEBHOOK_PROXY_ASYNC') ?? 'invoke';
  // a misspelt "inline" must not silently queue, nor a misspelt "invoke" silently run inline
  if (asyncMode !== 'invoke' && asyncMode !== 'inline') throw new ConfigError(`WEBHOOK_PROXY_ASYNC must be "invoke" (the default) or "inline", not "${asyncMode}"`);
  const inline = asyncMode === 'inline';
  const retrying = config.endpoints.find((endpoint) => endpoint.retry);
  if (inline && retrying) {
    // fail closed: inline runs one attempt before the answer, so the retry would never happen
    throw new ConfigError(
      `WEBHOOK_PROXY_ASYNC=inline runs async actions once, before the answer: "retry" needs the asynchronous invocation (remove the variable, or remove "retry")`,
      undefined,
      `${retrying.path}.retry`,
    );
  }
  // per execution environment: each instance counts what it handled and serves only that on /metrics
  const metrics = new DeferredMetrics(async () => new (await import('../node-platform/prom-metrics.js')).PromMetrics(VERSION));
  const observer = options.observer ?? createMetricsObserver(config, metrics, runtime);
  // one invocation at a time per environment: the current one's context names the function to invoke
  let current: LambdaContext | undefined;
  const journal = new LambdaJournal(runtime, {
    functionName: () => current?.invokedFunctionArn ?? current?.functionName ?? runtime.env('AWS_LAMBDA_FUNCTION_NAME'),
    invoke: options.invoke,
  });
  // inline: no journal, and async endpoints run in memory before the handler returns, as before it
  runtime.deliveryJournal = inline ? undefined : (_server, executor) => journal.open(executor);
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
  });

  /** One attempt; it throws when it failed and the endpoint's `retry` wants another, for Lambda to run the event again. */
  async function deliver(record: DeliveryRecord): Promise<DeliveryResult> {
    if (!journal.executor) {
      // this config keeps no deliveries (no async endpoint left): a retry would find none either
      runtime.stderr(`delivery ${record.id} ${record.request.method} ${record.request.route}: this configuration has no async endpoint; dropped (was the function redeployed?)`);
      return { delivery: record.id, state: 'dead' };
    }
    const settlement = await journal.executor.deliver(record);
    if (settlement.state === 'retrying') {
      throw new DeliveryAttemptFailed(
        `delivery ${record.id} ${record.request.method} ${record.request.route}: attempt failed${settlement.failedAction === null ? '' : ` at action ${settlement.failedAction}`}: ${settlement.error}; Lambda's asynchronous invocation retries it`,
      );
    }
    return { delivery: record.id, state: settlement.state };
  }

  return async (event, context) => {
    current = context;
    const record = deliveryOf(event);
    if (record) return deliver(record);
    if (!isFunctionUrlEvent(event)) {
      throw new Error('webhook-proxy: not a Function URL event (payload format 2.0) nor a delivery event');
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
    // with WEBHOOK_PROXY_ASYNC=inline, async actions run now, before the environment freezes
    await runtime.settle();
    // prom-client loads once this answer is on its way (or when the environment thaws), off the cold start
    setTimeout(() => void metrics.ready(), 0).unref();
    return result;
  };
}
