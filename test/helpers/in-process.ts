/**
 * The fast tier: the app in this process, answering `app.request()` with no socket, no child process
 * and no build. For what does not need a process (routing, validation, responses, templates in
 * actions, context); the CLI, signals, engines and runtimes keep their real-process tests.
 */
import type { Hono } from 'hono';
import { ActionRegistry } from '../../src/actions/action-registry.js';
import { builtinActions } from '../../src/actions/builtin-actions.js';
import { createApp } from '../../src/app/create-app.js';
import { MemoryDeliveryIdStore } from '../../src/app/delivery-ids.js';
import { LogOutput, type LogEvent, type LogFormat } from '../../src/app/log-output.js';
import { loadConfig } from '../../src/config/load-config.js';
import type { FetchOptions, Runtime } from '../../src/runtime.js';

/** A runtime that keeps what the app prints and runs background work in this process. */
export class RecordingRuntime implements Runtime {
  readonly name = 'test';
  readonly stdoutLines: string[] = [];
  readonly stderrLines: string[] = [];
  private readonly background = new Set<Promise<unknown>>();
  private readonly output = new LogOutput({ write: (stream, line) => (stream === 'stdout' ? this.stdoutLines : this.stderrLines).push(line) });

  constructor(private readonly variables: Record<string, string> = {}) {}

  env(name: string): string | undefined {
    return this.variables[name];
  }
  readTextFile(): string | undefined {
    return undefined;
  }
  ownContainerId(): string | null {
    return null;
  }
  stdout(line: string): void {
    this.output.line('stdout', line);
  }
  stderr(line: string): void {
    this.output.line('stderr', line);
  }
  log(event: LogEvent): void {
    this.output.event(event);
  }
  setLogFormat(format: LogFormat): void {
    this.output.setFormat(format);
  }
  fetch(request: Request, options: FetchOptions): Promise<Response> {
    // verify: false and CA bundles are the Node runtime's (node:https): a test of them runs the built CLI
    if (options.tlsVerify !== true) return Promise.reject(new Error('the in-process tier has no TLS settings (verify); test them on a real process'));
    return fetch(request, { signal: AbortSignal.timeout(options.timeoutMs), redirect: 'manual' });
  }
  runInBackground(work: Promise<unknown>): void {
    const settled = work.catch(() => undefined).finally(() => this.background.delete(settled));
    this.background.add(settled);
  }
  remoteAddress(): string {
    return '127.0.0.1';
  }
  deliveryIds() {
    return new MemoryDeliveryIdStore();
  }
  /** Waits for the async endpoints' background work. */
  async settled(): Promise<void> {
    while (this.background.size > 0) await Promise.all([...this.background]);
  }
}

/**
 * The app for a config given as YAML, with a recording runtime (and the environment it reads).
 * `accessLog: true` writes the access line on stderr as every runtime does (off: most tests read
 * only what the request printed).
 */
export function appFor(yaml: string, env: Record<string, string> = {}, options: { accessLog?: boolean } = {}): { app: Hono; runtime: RecordingRuntime } {
  const runtime = new RecordingRuntime(env);
  const config = loadConfig(yaml, 'server.yml', new ActionRegistry(builtinActions));
  return { app: createApp(config, runtime, { accessLog: options.accessLog ?? false }), runtime };
}

/**
 * appFor with the Node server's metrics: prom-client in a registry of this app's own, fed by the
 * metrics observer, scraped at GET /metrics. Loaded on demand: most tests need no prom-client.
 */
export async function appWithMetrics(yaml: string, env: Record<string, string> = {}): Promise<{ app: Hono; runtime: RecordingRuntime }> {
  const [{ PromMetrics }, { VERSION }, { mountMetricsRoute }, { createMetricsObserver }] = await Promise.all([
    import('../../adapters/node-platform/prom-metrics.js'),
    import('../../adapters/node-platform/version.js'),
    import('../../adapters/node/metrics/metrics-route.js'),
    import('../../src/metrics/metrics-observer.js'),
  ]);
  const runtime = new RecordingRuntime(env);
  const config = loadConfig(yaml, 'server.yml', new ActionRegistry(builtinActions));
  const prom = new PromMetrics(VERSION);
  const observer = createMetricsObserver(config, prom, runtime);
  return { app: createApp(config, runtime, { accessLog: false, observer, routes: (app) => mountMetricsRoute(app, prom) }), runtime };
}

/**
 * The app in this process behind the subset of ServerProcess's interface that tests of the request
 * path use, so such a test reads the same whichever tier runs it.
 */
export class InProcessServer {
  readonly url = 'http://127.0.0.1';

  private constructor(
    readonly app: Hono,
    readonly runtime: RecordingRuntime,
  ) {}

  /** `metrics: true` serves GET /metrics as the Node server does (tests of the metrics series and the `metrics` action). */
  static async start(yaml: string, options: { env?: Record<string, string>; metrics?: boolean; accessLog?: boolean } = {}): Promise<InProcessServer> {
    if (options.metrics && options.accessLog) throw new Error('InProcessServer: metrics and accessLog together are not supported yet');
    if (options.metrics) {
      const { app, runtime } = await appWithMetrics(yaml, options.env);
      return new InProcessServer(app, runtime);
    }
    const { app, runtime } = appFor(yaml, options.env, { accessLog: options.accessLog });
    return new InProcessServer(app, runtime);
  }

  get stdout(): string {
    return this.runtime.stdoutLines.map((line) => `${line}\n`).join('');
  }

  get stderr(): string {
    return this.runtime.stderrLines.map((line) => `${line}\n`).join('');
  }

  /** The stdout lines written after `mark` (a previous `stdout.length`). */
  linesSince(mark: number): string[] {
    return this.stdout
      .slice(mark)
      .split('\n')
      .filter((line) => line !== '');
  }

  /** Waits until the stream's text matches (background work of async endpoints prints later). */
  async waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs = 5_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this[stream].match(pattern);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} on ${stream}; it has:\n${this[stream]}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  async request(path: string, init: RequestInit = {}): Promise<{ status: number; text: string; headers: Headers }> {
    const response = await this.app.request(path, init);
    return { status: response.status, text: await response.text(), headers: response.headers };
  }

  /** POSTs JSON (objects are serialised) and returns status and body. */
  post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; headers: Headers }> {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return this.request(path, {
      method: 'POST',
      headers: { ...(body !== undefined && typeof body !== 'string' ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: text,
    });
  }

  /** Lets the async endpoints' background work finish. */
  async stop(): Promise<void> {
    await this.runtime.settled();
  }
}
