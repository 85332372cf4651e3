/**
 * An accepted request as plain JSON (`deferRequest`), kept in the delivery journal or handed to
 * another invocation (Lambda), and the request again from that record (`reviveRequest`) for the
 * attempts that run later. Runtime-agnostic.
 */
import type { EndpointConfig, ServerConfig } from '../config/server-config.js';
import type { DeferredRequest } from '../delivery/stored-request.js';
import { base64ToBytes, bytesToBase64 } from '../encoding/base64.js';
import { parsePayload } from '../request/parse-payload.js';
import type { WebhookRequest } from '../request/webhook-request.js';

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

/** The endpoint a deferred request was accepted by, or undefined when the config no longer has it. */
export function findDeferredEndpoint(config: ServerConfig, deferred: DeferredRequest): EndpointConfig | undefined {
  // HEAD reaches a GET endpoint; OPTIONS never runs actions
  const method = deferred.method === 'HEAD' ? 'GET' : deferred.method;
  return config.endpoints.find((candidate) => candidate.route === deferred.route && candidate.method === method);
}

/** The request again, as its actions saw it when it was accepted. */
export function reviveRequest(deferred: DeferredRequest): WebhookRequest {
  const headers = new Headers(deferred.headers as [string, string][]);
  const body = storedBody(deferred.body);
  const parsed = parsePayload(headers.get('content-type'), body);
  return {
    id: deferred.id,
    method: deferred.method,
    path: deferred.path,
    url: deferred.url,
    headers,
    body,
    payload: parsed.ok ? parsed.payload : null,
    inexactIntegers: parsed.ok && parsed.inexactIntegers,
    form: parsed.ok ? parsed.form : {},
    viewArgs: deferred.viewArgs,
    remoteAddr: deferred.remoteAddr,
  };
}

/** The request as it arrived, to send through the endpoint again (`replay()`). */
export function deferredToRequest(deferred: DeferredRequest): Request {
  const bodyless = deferred.method === 'GET' || deferred.method === 'HEAD';
  return new Request(deferred.url, { method: deferred.method, headers: deferred.headers as [string, string][], body: bodyless ? undefined : storedBody(deferred.body) });
}

/** A body this process stored itself: not base64 means the record was damaged. */
function storedBody(text: string): Uint8Array<ArrayBuffer> {
  const bytes = base64ToBytes(text);
  if (!bytes) throw new Error('a stored request body is not base64: the delivery record is damaged');
  return bytes;
}
