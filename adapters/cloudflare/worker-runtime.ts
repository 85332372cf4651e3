import type { Context, ExecutionContext } from 'hono';
import type { DeliveryIdSettings, DeliveryIdStore } from '../../src/app/delivery-ids.js';
import { LogOutput, type LogEvent, type LogFormat } from '../../src/app/log-output.js';
import type { OpenDeliveryJournal } from '../../src/delivery/journal.js';
import type { FetchOptions, Runtime } from '../../src/runtime.js';
import { openQueueJournal, type QueueJournal, type QueueSettings } from './queue-journal.js';
import type { WorkerBindings } from './worker-bindings.js';
import { workerDeliveryIds } from './worker-delivery-ids.js';

export type { WorkerBindings };

/** Set by `webhook-proxy build`: whether the config names `server.queue`; false drops the queue journal from the bundle. */
declare const __WORKER_QUEUES__: boolean | undefined;

/** What workerd passes as the third argument of `fetch` (`waitUntil`, `passThroughOnException`). */
export type WorkerExecutionContext = ExecutionContext;

/**
 * Cloudflare Workers: the environment is the Worker's bindings, there are no files and
 * no processes, background work goes to `waitUntil`, logs go to the console (Workers
 * Logs, `wrangler tail`).
 *
 * Bindings arrive with each request rather than at start-up, so a runtime is made for
 * one bindings object (worker.ts keeps one per object it sees, in practice one per isolate).
 */
export class WorkerRuntime implements Runtime {
  readonly name = 'cloudflare';
  private warnedAboutTls = false;
  /** With `server.queue`: the journal, once the app has opened it; the `queue()` handler runs its deliveries. */
  queueJournal: QueueJournal | undefined;
  /** Present only with `server.queue`: without it async endpoints use waitUntil, as before. */
  readonly deliveryJournal?: OpenDeliveryJournal;

  constructor(
    private readonly bindings: WorkerBindings,
    queues?: QueueSettings,
  ) {
    // written out here, not in a constant: esbuild folds it only in place, and then drops the import
    if (queues && (typeof __WORKER_QUEUES__ !== 'boolean' || __WORKER_QUEUES__)) {
      this.deliveryJournal = (_server, executor) => (this.queueJournal = openQueueJournal(queues, bindings, executor, (line) => this.stderr(line)));
    }
  }

  /**
   * Secrets and plain-text vars are strings; a JSON var (`[vars]` table or number) is
   * read as its JSON text; other bindings (KV, queues, ...) are not configuration.
   */
  env(name: string): string | undefined {
    const value = this.bindings[name];
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    if (value !== null && typeof value === 'object') {
      const proto = Object.getPrototypeOf(value) as unknown;
      if (proto === Object.prototype || proto === Array.prototype) return JSON.stringify(value);
    }
    return undefined;
  }

  readTextFile(): string | undefined {
    // a Worker has no file system: read_config(key, path) falls back to the bindings
    return undefined;
  }

  ownContainerId(): string | null {
    return null;
  }

  private readonly output = new LogOutput({
    write: (stream, line) => (stream === 'stdout' ? console.log(line) : console.error(line)),
    // objects, not their JSON text: Workers Logs indexes an object's fields
    writeRecord: (stream, record) => (stream === 'stdout' ? console.log(record) : console.error(record)),
  });

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
    if (options.tlsVerify !== true && !this.warnedAboutTls) {
      // Workers always verify certificates against public CAs; neither switch can be honoured
      this.warnedAboutTls = true;
      this.stderr('http: the "verify" setting is ignored on Cloudflare Workers (certificates are always checked against public CAs)');
    }
    // the http action follows redirects itself, dropping credentials on a change of origin
    return fetch(request, { signal: AbortSignal.timeout(options.timeoutMs), redirect: 'manual' });
  }

  runInBackground(work: Promise<unknown>, platformContext: unknown): void {
    (platformContext as Context).executionCtx.waitUntil(work.catch((error: unknown) => this.stderr(`background work failed: ${String(error)}`)));
  }

  /** The isolate's memory, with the KV namespace `server.dedupe_kv` names behind it. */
  deliveryIds(server: DeliveryIdSettings): DeliveryIdStore {
    return workerDeliveryIds(server, this.bindings, (line) => this.stderr(line));
  }

  remoteAddress(platformContext: unknown): string {
    return (platformContext as Context).req.header('cf-connecting-ip') ?? '';
  }
}
