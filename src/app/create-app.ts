import { Hono, type Context } from 'hono';
import type { ServerConfig } from '../config/server-config.js';
import { urlPathname } from '../request/url-path.js';
import type { Runtime } from '../runtime.js';
import { accessLogLine } from './access-log.js';
import { clientAddressOf } from './client-address.js';
import { webhookHandler, type WebhookOptions } from './handle-webhook.js';
import { LOG_FORMAT_ENV, resolveLogFormat } from './log-output.js';
import { requestInfo } from './request-info.js';
import { hasRequestId, plainText, withRequestId } from './responses.js';

export interface AppOptions extends WebhookOptions {
  /** Adds routes that take precedence over the webhook endpoints (`/metrics`, `/healthz`). */
  routes?(app: Hono): void;
  /** Writes an access-log line per request on stderr (default true). */
  accessLog?: boolean;
}

/**
 * The webhook server as a Hono app: the same on every platform. The platform's own routes come
 * first; every other path goes down the webhook request path (handle-webhook.ts).
 */
export function createApp(config: ServerConfig, runtime: Runtime, options: AppOptions = {}): Hono {
  runtime.setLogFormat(resolveLogFormat(config.server.logFormat, runtime.env(LOG_FORMAT_ENV)));
  const clientAddress = clientAddressOf(config.server.trustProxy);
  const accessLog = options.accessLog !== false;
  const app = new Hono();
  // first, so that every answer (404, 409, /healthz, a draining 503) carries the id
  app.use(async (c, next) => {
    const info = requestInfo(c, runtime, clientAddress);
    await next();
    // the webhook answers carry it already (responses.ts); the platform's own routes get it here
    if (!hasRequestId(c.res)) {
      const stamped = withRequestId(c.res, info.id);
      // a copy (a fetched Response's headers are immutable) replaces the answer
      if (stamped !== c.res) c.res = stamped;
    }
    if (!accessLog) return;
    const { method } = c.req;
    const { status } = c.res;
    const pathname = urlPathname(c.req.url);
    runtime.log({
      level: 'info',
      stream: 'stderr',
      msg: `${method} ${pathname} ${status}`,
      text: accessLogLine(info.remoteAddr, method, pathname, status, info.id),
      request_id: info.id,
      // absent fields are left out of a json record
      route: info.route || undefined,
      method,
      status,
      duration_ms: Math.round((performance.now() - info.started) * 1000) / 1000,
      remote_addr: info.remoteAddr,
      path: pathname,
    });
  });
  options.routes?.(app);
  app.all('*', webhookHandler(config, runtime, options));
  return app;
}

export type { Context };
export { plainText };
