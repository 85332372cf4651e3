/**
 * The events a Lambda function sends itself for async endpoints: an accepted request travels as a
 * delivery record in an asynchronous invocation (`InvocationType: 'Event'`: Lambda stores the event
 * and answers 202 at once) and runs there (lambda-journal.ts). The AWS SDK is the one the Lambda
 * Node.js runtime ships; it is imported on the first async request only, so cold starts do not pay
 * for it.
 */
import type { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { newDelivery, type DeliveryRecord } from '../../src/delivery/delivery-record.js';
import type { DeferredRequest } from '../../src/delivery/stored-request.js';

/** The event one delivery travels in, to the invocation that runs it (and to Lambda's retries of it). */
export interface DeliveryEvent {
  readonly webhookProxyDelivery: 1;
  readonly record: DeliveryRecord;
}

/** The event of the versions before the journal, still in Lambda's queue for a while after an upgrade. */
interface AsyncActionsEvent {
  readonly webhookProxyAsyncActions: 1;
  readonly request: DeferredRequest;
}

/** Lambda's cap on an asynchronous invocation's payload (1 MB; 256 KB before October 2025). */
export const ASYNC_PAYLOAD_LIMIT = 1024 * 1024;

export function deliveryEvent(record: DeliveryRecord): DeliveryEvent {
  return { webhookProxyDelivery: 1, record };
}

/** The delivery an event carries, or undefined when it is not one of ours. */
export function deliveryOf(event: unknown): DeliveryRecord | undefined {
  if (typeof event !== 'object' || event === null) return undefined;
  const candidate = event as Partial<DeliveryEvent & AsyncActionsEvent>;
  if (candidate.webhookProxyDelivery === 1 && typeof candidate.record === 'object' && candidate.record !== null) return candidate.record;
  if (candidate.webhookProxyAsyncActions === 1 && typeof candidate.request === 'object' && candidate.request !== null) return newDelivery(candidate.request);
  return undefined;
}

/** Sends an Invoke call; the default one uses `@aws-sdk/client-lambda`. */
export type InvokeEvent = (functionName: string, payload: Uint8Array) => Promise<void>;

export function sdkInvoke(): InvokeEvent {
  let sdk: Promise<{ client: LambdaClient; Invoke: typeof InvokeCommand }> | undefined;
  return async (functionName, payload) => {
    // region, credentials (the function's role) and AWS_ENDPOINT_URL_LAMBDA come from the environment
    sdk ??= import('@aws-sdk/client-lambda').then((module) => ({ client: new module.LambdaClient({}), Invoke: module.InvokeCommand }));
    const { client, Invoke } = await sdk;
    const result = await client.send(new Invoke({ FunctionName: functionName, InvocationType: 'Event', Payload: payload }));
    if (result.StatusCode !== 202) throw new Error(`Lambda answered ${result.StatusCode ?? 'without a status'} instead of 202`);
  };
}
