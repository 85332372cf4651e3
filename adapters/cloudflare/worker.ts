import type { Hono } from 'hono';
import { createApp } from '../../src/app/create-app.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { WorkerRuntime, type WorkerBindings, type WorkerExecutionContext } from './worker-runtime.js';

/** The module worker's shape: what `export default` hands workerd. */
export interface ModuleWorker {
  fetch(request: Request, env: WorkerBindings, ctx: WorkerExecutionContext): Promise<Response>;
}

/**
 * The webhook server as a module worker. The config is revived once per isolate; the
 * app is made on the first request, when the bindings are known, and again only for
 * a bindings object it has not seen (workerd hands the same one to every request of
 * an isolate).
 */
export function createWorker(config: ServerConfig): ModuleWorker {
  const apps = new WeakMap<object, Hono>();
  return {
    async fetch(request, env, ctx) {
      const bindings = env ?? {};
      let app = apps.get(bindings);
      if (!app) {
        // Cloudflare logs every request with its status itself (wrangler tail, Workers Logs); an
        // access line of ours would come out at error level, since it goes to stderr
        app = createApp(config, new WorkerRuntime(bindings), {
          accessLog: false,
          // as on Node; server.health: false leaves /healthz to the endpoints
          routes(app) {
            if (config.server.health !== false) app.get('/healthz', (c) => c.text('ok\n'));
          },
        });
        apps.set(bindings, app);
      }
      return app.fetch(request, bindings, ctx);
    },
  };
}
