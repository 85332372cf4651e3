import type { AddressInfo } from 'node:net';
import { availableParallelism } from 'node:os';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { createApp } from '../../src/app/create-app.js';
import { SERVER_KEYS } from '../../src/config/load-server-settings.js';
import type { ServerConfig } from '../../src/config/server-config.js';
import { createMetricsObserver } from '../../src/metrics/metrics-observer.js';
import { killRunningProcesses } from '../node-platform/spawn-process.js';
import { VERSION } from '../node-platform/version.js';
import { configChanges, type ConfigChanges } from './config-changes.js';
import { closeDockerConnections } from './docker/connection.js';
import { mountMetricsRoute } from './metrics/metrics-route.js';
import { ReloadableMetrics } from './metrics/reloadable-metrics.js';
import { NodeRuntime } from './node-runtime.js';
import { DeliveriesPage } from './ui/deliveries-page.js';
import { recordingRuntime } from './ui/recording-runtime.js';

export interface RunningServer {
  readonly url: string;
  /** Stops accepting, drains in-flight requests and background work; resolves when done. */
  shutdown(reason: string): Promise<void>;
  /**
   * Serves a new, already checked config to the requests that arrive from now on; requests in
   * flight and async actions finish on the config they started with. `server` keys that need a
   * restart keep their old values (returned in `restartKeys`).
   */
  reload(config: ServerConfig): ConfigChanges;
}

/** Serves the config on its host and port until `shutdown`. */
export async function startServer(configured: ServerConfig, runtime = new NodeRuntime()): Promise<RunningServer> {
  // user metrics of `metrics` actions are registered here, in one registry for the server's
  // life, so /metrics keeps its series across reloads; prom-client is loaded only by a server,
  // not by `check` or `build`
  const { PromMetrics } = await import('../node-platform/prom-metrics.js');
  const prom = new PromMetrics(VERSION);
  prom.observeDeliveries(runtime);
  const metrics = new ReloadableMetrics(prom);
  // server.ui (a restart key): the page sees what the app logs and which journals it opens
  const ui = configured.server.ui ? DeliveriesPage.start(configured, runtime) : undefined;
  const appRuntime = ui ? recordingRuntime(runtime, ui.recorder) : runtime;

  const makeApp = (loaded: ServerConfig): { config: ServerConfig; app: Hono } => {
    // action chains are mostly waiting on processes and the network: a few per core keep it busy
    const config = { ...loaded, server: { ...loaded.server, maxConcurrency: loaded.server.maxConcurrency ?? 4 * availableParallelism() } };
    metrics.beginLoad();
    const observer = createMetricsObserver(config, metrics, runtime);
    metrics.endLoad();
    const app = createApp(config, appRuntime, {
      observer: ui ? { ...observer, requestAnswered: ui.recorder.requestAnswered } : observer,
      routes(app) {
        if (config.server.health) app.get('/healthz', (c) => c.text('ok\n'));
        mountMetricsRoute(app, prom);
        ui?.mount(app, config);
      },
    });
    return { config, app };
  };

  // once draining, new requests get this app instead: health probes hear "draining", /metrics still
  // answers, and every other request a 503 (the listener stays open, so senders get a clear answer
  // rather than a refused connection). Requests in flight finish on the app they started on.
  const drainingApp = (config: ServerConfig): Hono =>
    createApp({ ...config, endpoints: [] }, appRuntime, {
      routes(app) {
        if (config.server.health) app.get('/healthz', (c) => c.text('draining\n', 503));
        mountMetricsRoute(app, prom);
        app.all('*', (c) => c.text('Service Unavailable: shutting down', 503, { Connection: 'close' }));
      },
    });

  // counted around the app rather than in a middleware of it (one layer less on every request):
  // the shutdown waits for these; a reload's earlier apps' requests are among them
  let inFlight = 0;
  let draining = false;
  const answered = (response: Response): Response => {
    inFlight--;
    return response;
  };
  const failed = (error: unknown): never => {
    inFlight--;
    throw error;
  };
  const fetch = (request: Request, env: unknown): Response | Promise<Response> => {
    inFlight++;
    let answer: Response | Promise<Response>;
    try {
      // the app is picked when a request arrives, so a reload never moves a request in flight
      answer = current.app.fetch(request, env);
    } catch (error) {
      return failed(error);
    }
    return answer instanceof Promise ? answer.then(answered, failed) : answered(answer);
  };

  let current = makeApp(configured);
  let loaded = configured;
  const { host: listenHost, port: listenPort } = current.config.server;
  const server = await new Promise<ServerType>((resolve, reject) => {
    const started = serve({ fetch, hostname: listenHost, port: listenPort }, () => resolve(started));
    started.once('error', reject);
  });
  const { port } = server.address() as AddressInfo;
  const host = listenHost.includes(':') ? `[${listenHost}]` : listenHost;

  return {
    url: `http://${host}:${port}`,
    reload(next) {
      const changes = configChanges(loaded, next);
      // settings bound to the listener and the state files stay as they were until a restart
      const kept = { ...next.server };
      for (const row of SERVER_KEYS) {
        if (row.restart) (kept as Record<string, unknown>)[row.setting] = loaded.server[row.setting];
      }
      const effective = { ...next, server: kept };
      // a reload already under way when the drain began (the CLI starts none after) does not open the server again
      current = draining ? { config: effective, app: drainingApp(effective) } : makeApp(effective);
      loaded = effective;
      return changes;
    },
    async shutdown(reason) {
      draining = true;
      current = { ...current, app: drainingApp(current.config) };
      const { shutdownTimeout } = current.config.server;
      const deadline = Date.now() + shutdownTimeout * 1000;
      runtime.stderr(`${reason}: no longer accepting requests (answering 503); waiting up to ${shutdownTimeout} s for in-flight work`);
      while (inFlight > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
      // attempts under way finish; what has not started stays in the delivery journal for the next start
      runtime.stopDeliveries();
      const finished = await runtime.background.drain(Math.max(0, deadline - Date.now()));
      if (inFlight > 0 || !finished) {
        // an interrupted delivery is not lost: its journal row is still open and the next start runs it again
        runtime.stderr(`shutdown timeout reached: ${inFlight} request(s) still unanswered; ${runtime.background.size} delivery attempt(s) interrupted, kept in the journal for the next start`);
        const killed = killRunningProcesses();
        if (killed > 0) runtime.stderr(`killed ${killed} command(s) still running, with every process they started`);
      }
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if ('closeAllConnections' in server) server.closeAllConnections();
      await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 100))]);
      // the SSH tunnels' forwarding sockets live in temporary folders that outlive the process otherwise
      closeDockerConnections();
    },
  };
}
