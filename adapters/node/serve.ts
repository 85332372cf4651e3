import { serve, type ServerType } from '@hono/node-server';
import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { createApp } from '../../src/app/create-app.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { createMetricsObserver } from '../../src/metrics/metrics-observer.js';
import { killRunningProcesses } from '../node-platform/spawn-process.js';
import { mountMetricsRoute } from './metrics/metrics-route.js';
import { NodeRuntime } from './node-runtime.js';
import { VERSION } from './version.js';

export interface RunningServer {
  readonly url: string;
  /** Stops accepting, drains in-flight requests and background work; resolves when done. */
  shutdown(reason: string): Promise<void>;
}

/** Serves the config on its host and port until `shutdown`. */
export async function startServer(configured: ServerConfig, runtime = new NodeRuntime()): Promise<RunningServer> {
  // action chains are mostly waiting on processes and the network: a few per core keep it busy
  const config = { ...configured, server: { ...configured.server, maxConcurrency: configured.server.maxConcurrency ?? 4 * availableParallelism() } };
  let inFlight = 0;
  let draining = false;
  // user metrics of `metrics` actions are registered here, once per server; prom-client is
  // loaded only by a server, not by `check` or `build`
  const { PromMetrics } = await import('./metrics/prom-metrics.js');
  const metrics = new PromMetrics(VERSION);
  const app = createApp(config, runtime, {
    observer: createMetricsObserver(config, metrics, runtime),
    routes(app) {
      app.get('/healthz', (c) => c.text(draining ? 'draining\n' : 'ok\n', draining ? 503 : 200));
      mountMetricsRoute(app, metrics);
      // while draining the listener stays open, so health probes and senders get a clear 503
      // instead of a refused connection; requests already in flight finish normally
      app.use(async (c, next) => {
        if (draining) return c.text('Service Unavailable: shutting down', 503, { Connection: 'close' });
        inFlight++;
        try {
          await next();
        } finally {
          inFlight--;
        }
      });
    },
  });
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch: app.fetch, hostname: config.server.host, port: config.server.port }, () => resolve(started));
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = config.server.host.includes(':') ? `[${config.server.host}]` : config.server.host;

  return {
    url: `http://${host}:${port}`,
    async shutdown(reason) {
      draining = true;
      const deadline = Date.now() + config.server.shutdownTimeout * 1000;
      runtime.stderr(`${reason}: no longer accepting requests (answering 503); waiting up to ${config.server.shutdownTimeout} s for in-flight work`);
      while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      const finished = await runtime.background.drain(Math.max(0, deadline - Date.now()));
      if (inFlight > 0 || !finished) {
        runtime.stderr(`shutdown timeout reached: abandoning ${inFlight} request(s) and ${runtime.background.size} background action chain(s)`);
        const killed = killRunningProcesses();
        if (killed > 0) runtime.stderr(`killed ${killed} command(s) still running, with every process they started`);
      }
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if ('closeAllConnections' in server) server.closeAllConnections();
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 100))]);
    },
  };
}
