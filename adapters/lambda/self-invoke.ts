/**
 * Async endpoints on Lambda: the environment freezes once the handler returns, so an accepted
 * request's actions are handed to a new invocation of this same function (`InvocationType: 'Event'`:
 * Lambda queues the event and answers 202 at once) and run there. See the README's "AWS Lambda" section for the
 * trade-offs. The AWS SDK is the one the Lambda Node.js runtime ships; it is imported on the
 * first async request only, so cold starts do not pay for it.
 */
import type { EndpointConfig } from '../../src/config/server-config.js';
import { deferRequest, type DeferredRequest } from '../../src/app/run-endpoint-actions.js';
import type { WebhookRequest } from '../../src/request/webhook-request.js';
import type { Runtime } from '../../src/runtime.js';
import type { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';

/** The event an async request's actions travel in, to the next invocation. */
export interface AsyncActionsEvent {
  readonly webhookProxyAsyncActions: 1;
  readonly request: DeferredRequest;
}

/** Lambda's cap on an asynchronous invocation's payload (1 MB; 256 KB before October 2025). */
export const ASYNC_PAYLOAD_LIMIT = 1024 * 1024;

export function isAsyncActionsEvent(event: unknown): event is AsyncActionsEvent {
  return typeof event === 'object' && event !== null && (event as Partial<AsyncActionsEvent>).webhookProxyAsyncActions === 1;
}

/** Sends an Invoke call; the default one uses `@aws-sdk/client-lambda`. */
export type InvokeEvent = (functionName: string, payload: Uint8Array) => Promise<void>;

export interface SelfInvokeOptions {
  /** The function to invoke: the invocation's `invokedFunctionArn` (keeps an alias or version). */
  functionName(): string | undefined;
  /** Largest payload sent; bigger requests run their actions before the answer instead. */
  payloadLimit?: number;
  invoke?: InvokeEvent;
}

/** Returns the `handOffAsync` hook of createApp: true when the event was queued. */
export function selfInvoke(runtime: Runtime, options: SelfInvokeOptions) {
  const invoke = options.invoke ?? sdkInvoke();
  const limit = options.payloadLimit ?? ASYNC_PAYLOAD_LIMIT;
  const encoder = new TextEncoder();
  return async (endpoint: EndpointConfig, request: WebhookRequest, startAt = 0): Promise<boolean> => {
    const where = `[${request.id}] ${endpoint.method} ${endpoint.route}`;
    const functionName = options.functionName();
    if (!functionName) {
      runtime.stderr(`${where}: no function name to hand the async actions to; running them before answering`);
      return false;
    }
    const event: AsyncActionsEvent = { webhookProxyAsyncActions: 1, request: deferRequest(endpoint.route, request, startAt) };
    const payload = encoder.encode(JSON.stringify(event));
    if (payload.byteLength > limit) {
      runtime.stderr(`${where}: the request is too large to hand to another invocation (${payload.byteLength} bytes as an event, limit ${limit}); running its actions before answering`);
      return false;
    }
    try {
      await invoke(functionName, payload);
      return true;
    } catch (error) {
      runtime.stderr(`${where}: could not hand the async actions to another invocation (${error instanceof Error ? error.message : String(error)}); running them before answering`);
      return false;
    }
  };
}

function sdkInvoke(): InvokeEvent {
  let sdk: Promise<{ client: LambdaClient; Invoke: typeof InvokeCommand }> | undefined;
  return async (functionName, payload) => {
    // region, credentials (the function's role) and AWS_ENDPOINT_URL_LAMBDA come from the environment
    sdk ??= import('@aws-sdk/client-lambda').then((module) => ({ client: new module.LambdaClient({}), Invoke: module.InvokeCommand }));
    const { client, Invoke } = await sdk;
    const result = await client.send(new Invoke({ FunctionName: functionName, InvocationType: 'Event', Payload: payload }));
    if (result.StatusCode !== 202) throw new Error(`Lambda answered ${result.StatusCode ?? 'without a status'} instead of 202`);
  };
}
