import type { Hono } from 'hono';
import { createApp } from '../../src/app/create-app.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import type { QueueBatchLike } from './queue-journal.js';
import { WorkerRuntime, type WorkerBindings, type WorkerExecutionContext } from './worker-runtime.js';

/** The module worker's shape: what `export default` hands workerd. */
export interface ModuleWorker {
  fetch(request: Request, env: WorkerBindings, ctx: WorkerExecutionContext): Promise<Response>;
  /** The consumer of `server.queue` (docs/delivery.md): runs the deliveries' attempts. */
  queue(batch: QueueBatchLike & { retryAll(options?: { delaySeconds?: number }): void }, env: WorkerBindings, ctx: WorkerExecutionContext): Promise<void>;
}

/**
 * The webhook server as a module worker. The config is revived once per isolate; the
 * app is made on the first request, when the bindings are known, and again only for
 * a bindings object it has not seen (workerd hands the same one to every request of
 * an isolate).
 */
export function createWorker(config: ServerConfig): ModuleWorker {
  const apps = new WeakMap<object, { app: Hono; runtime: WorkerRuntime }>();
  const { queue, deadLetterQueue } = config.server;
  const instance = (bindings: WorkerBindings) => {
    let made = apps.get(bindings);
    if (!made) {
      const runtime = new WorkerRuntime(bindings, queue ? { queue, deadLetterQueue } : undefined);
      // Cloudflare logs every request with its status itself (wrangler tail, Workers Logs); an
      // access line of ours would come out at error level, since it goes to stderr
      const app = createApp(config, runtime, {
        accessLog: false,
        // as on Node; server.health: false leaves /healthz to the endpoints
        routes(app) {
          if (config.server.health !== false) app.get('/healthz', (c) => c.text('ok\n'));
        },
      });
      made = { app, runtime };
      apps.set(bindings, made);
    }
    return made;
  };
  return {
    async fetch(request, env, ctx) {
      const bindings = env ?? {};
      return instance(bindings).app.fetch(request, bindings, ctx);
    },
    async queue(batch, env) {
      const { runtime } = instance(env ?? {});
      if (!runtime.queueJournal) {
        // a config without server.queue (or without async endpoints and replay()) on a Worker that is
        // still a consumer: the messages wait for a deploy that runs them, they are not dropped
        runtime.stderr(`queue ${batch.queue}: ${batch.messages.length} messages not run: this config keeps no deliveries in a queue (server.queue); Queues delivers them again`);
        batch.retryAll({ delaySeconds: 60 });
        return;
      }
      await runtime.queueJournal.consume(batch);
    },
  };
}
