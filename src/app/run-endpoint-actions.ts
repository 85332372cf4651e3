/**
 * Async endpoints on platforms that freeze once the response is sent (AWS Lambda): the accepted
 * request is written down as plain JSON (`deferRequest`), handed to another invocation, and its
 * endpoint's actions are run there from that record (`runEndpointActions`). Runtime-agnostic.
 */
import type { EndpointConfig, ServerConfig } from '../config/server-config.js';
import { makeReadConfig } from '../context/read-config.js';
import { parsePayload } from '../request/parse-payload.js';
import type { WebhookRequest } from '../request/webhook-request.js';
import type { Runtime } from '../runtime.js';
import type { AppObserver } from './observer.js';
import { requestScope } from './request-scope.js';
import { runActions } from './run-actions.js';
import type { DeferredRequest } from '../delivery/stored-request.js';

export type { DeferredRequest };

export function deferRequest(route: string, request: WebhookRequest, startAt = 0): DeferredRequest {
  return {
    startAt,
    route,
    method: request.method,
    id: request.id,
    path: request.path,
    url: request.url,
    headers: [...request.headers],
    body: bytesToBase64(request.body),
    viewArgs: request.viewArgs,
    remoteAddr: request.remoteAddr,
  };
}

/**
 * Runs the actions of the deferred request's endpoint, as create-app.ts would have in the background
 * (validation already passed when the request was accepted). Failures are logged with the endpoint and
 * the action's index; resolves whether all actions succeeded.
 */
export async function runEndpointActions(config: ServerConfig, deferred: DeferredRequest, runtime: Runtime, observer: AppObserver = {}): Promise<boolean> {
  const endpoint = findDeferredEndpoint(config, deferred);
  if (!endpoint) {
    runtime.stderr(`[${deferred.id}] ${deferred.method} ${deferred.route}: no such endpoint in this configuration; its actions did not run (was the function redeployed?)`);
    return false;
  }
  const outcome = await runActions(endpoint, requestScope(reviveRequest(deferred), makeReadConfig(runtime)), runtime, observer, deferred.startAt ?? 0);
  return outcome.ok;
}

/** The endpoint a deferred request was accepted by, or undefined when the config no longer has it. */
export function findDeferredEndpoint(config: ServerConfig, deferred: DeferredRequest): EndpointConfig | undefined {
  // HEAD reaches a GET endpoint; OPTIONS never runs actions
  const method = deferred.method === 'HEAD' ? 'GET' : deferred.method;
  return config.endpoints.find((candidate) => candidate.route === deferred.route && candidate.method === method);
}

/** The request again, as its actions saw it when it was accepted. */
export function reviveRequest(deferred: DeferredRequest): WebhookRequest {
  const headers = new Headers(deferred.headers as [string, string][]);
  const body = base64ToBytes(deferred.body);
  const parsed = parsePayload(headers.get('content-type'), body);
  return {
    id: deferred.id,
    method: deferred.method,
    path: deferred.path,
    url: deferred.url,
    headers,
    body,
    payload: parsed.ok ? parsed.payload : null,
    form: parsed.ok ? parsed.form : {},
    viewArgs: deferred.viewArgs,
    remoteAddr: deferred.remoteAddr,
  };
}

/** The request as it arrived, to send through the endpoint again (`replay()`). */
export function deferredToRequest(deferred: DeferredRequest): Request {
  const bodyless = deferred.method === 'GET' || deferred.method === 'HEAD';
  return new Request(deferred.url, { method: deferred.method, headers: deferred.headers as [string, string][], body: bodyless ? undefined : base64ToBytes(deferred.body) });
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  // in slices: String.fromCharCode with millions of arguments overflows the stack
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function base64ToBytes(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
