/**
 * An accepted request as plain JSON (`deferRequest`), kept in the delivery journal or handed to
 * another invocation (Lambda), and the request again from that record (`reviveRequest`) for the
 * attempts that run later. Runtime-agnostic.
 */
import type { EndpointConfig, ServerConfig } from '../config/server-config.js';
import { parsePayload } from '../request/parse-payload.js';
import type { WebhookRequest } from '../request/webhook-request.js';
import type { DeferredRequest } from '../delivery/stored-request.js';

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
