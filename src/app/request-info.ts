import type { Context } from 'hono';
import type { Runtime } from '../runtime.js';
import type { ClientAddress } from './client-address.js';
import { requestIdFor } from './request-id.js';

/** What every line a request logs says about it. */
export interface RequestInfo {
  readonly id: string;
  /** The client's address, after `server.trust_proxy`. */
  readonly remoteAddr: string;
  /** When the request reached the app (`performance.now()`), for its duration. */
  readonly started: number;
  /** The endpoint's route once one matched ("" before, and for the platform's own routes). */
  route: string;
}

const INFO = Symbol('requestInfo');
type WithInfo = { [INFO]?: RequestInfo };

/** The request's info, made once: the access-log middleware and the webhook handler share it. */
export function requestInfo(c: Context, runtime: Runtime, clientAddress: ClientAddress): RequestInfo {
  let info = (c as WithInfo)[INFO];
  if (!info) {
    const started = performance.now();
    info = { id: requestIdFor(c.req.raw.headers), remoteAddr: clientAddress(runtime.remoteAddress(c), c.req.raw.headers), started, route: '' };
    (c as WithInfo)[INFO] = info;
  }
  return info;
}
