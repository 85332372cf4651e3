import { Hono, type Context } from 'hono';
import type { ServerConfig } from '../config/server-config.js';
import type { Runtime } from '../runtime.js';
import { accessLogLine } from './access-log.js';
import { webhookHandler, type WebhookOptions } from './handle-webhook.js';
import { plainText } from './responses.js';

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
  const app = new Hono();
  if (options.accessLog !== false) {
    app.use(async (c, next) => {
      await next();
      runtime.stderr(accessLogLine(runtime.remoteAddress(c), c.req.method, c.req.url, c.res.status));
    });
  }
  options.routes?.(app);
  app.all('*', webhookHandler(config, runtime, options));
  return app;
}

export type { Context };
export { plainText };
