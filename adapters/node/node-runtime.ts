import { resolve } from 'node:path';
import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';
import type { DeliveryIdSettings, DeliveryIdStore } from '../../src/app/delivery-ids.js';
import { LogOutput, type LogEvent, type LogFormat, type LogStream } from '../../src/app/log-output.js';
import type { DeliveryState } from '../../src/delivery/delivery-record.js';
import { JournalNotAvailable, type DeliveryExecutor, type DeliveryJournal, type JournalSettings } from '../../src/delivery/journal.js';
import type { DeliveryMetricsSink } from '../../src/metrics/metrics-sink.js';
import type { FetchOptions, Runtime, SpawnOptions, SpawnResult } from '../../src/runtime.js';
import { batchedOutput, type BatchedOutput } from '../node-platform/batched-output.js';
import { fetchWithOptions } from '../node-platform/fetch-with-tls.js';
import { readTextFileIfExists } from '../node-platform/read-text-file.js';
import { passCommandStderrTo, spawnProcess } from '../node-platform/spawn-process.js';
import { BackgroundWork } from './background-work.js';
import { FileDeliveryIdStore } from './file-delivery-ids.js';
import { NodeJournal } from './journal/node-journal.js';
import { sqliteDriver } from './journal/sqlite.js';
import { findOwnContainerId } from './own-container-id.js';
import { readIncomingBody } from './read-incoming-body.js';

const deliveryIdStores = new Map<string, FileDeliveryIdStore>();

/** The Node.js platform: real processes, files, environment and sockets. */
export class NodeRuntime implements Runtime {
  readonly name = 'node';
  readonly background = new BackgroundWork();
  /** Where delivery attempts are counted (the server's metrics), once it has any. */
  deliveryMetrics: DeliveryMetricsSink | undefined;
  private readonly journals = new Map<string, NodeJournal>();
  /** undefined until first asked; null (not in a container) is a result too. */
  private containerId: string | null | undefined;

  env(name: string): string | undefined {
    return process.env[name];
  }

  readTextFile(path: string): string | undefined {
    return readTextFileIfExists(path);
  }

  ownContainerId(): string | null {
    if (this.containerId === undefined) this.containerId = findOwnContainerId((path) => this.readTextFile(path));
    return this.containerId;
  }

  private readonly output = new LogOutput({ write: (stream, line) => this.write(stream, line) });
  private readonly batched: BatchedOutput = batchedOutput();

  constructor() {
    // a command's standard error keeps its place among the server's own lines
    passCommandStderrTo((text) => this.batched.write('stderr', text));
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

  /** Every line this runtime writes leaves the process here, batched per event-loop turn (batched-output.ts). */
  private write(stream: LogStream, line: string): void {
    this.batched.write(stream, `${line}\n`);
  }

  fetch(request: Request, options: FetchOptions): Promise<Response> {
    return fetchWithOptions(request, options);
  }

  spawn(argv: readonly string[], options: SpawnOptions): Promise<SpawnResult> {
    return spawnProcess(argv, options);
  }

  runInBackground(work: Promise<unknown>): void {
    this.background.track(work);
  }

  /**
   * The delivery journal of the state folder (one per process and folder: a reload hands the
   * same journal the new app's executor). Throws JournalNotAvailable without SQLite.
   */
  deliveryJournal(server: JournalSettings, executor: DeliveryExecutor): DeliveryJournal {
    const missing = sqliteDriver();
    if (missing instanceof Error) throw new JournalNotAvailable(`${missing.message}. An async endpoint (or replay()) needs the delivery journal (docs/delivery.md)`);
    const dir = resolve(server.stateDir);
    let journal = this.journals.get(dir);
    if (!journal) {
      journal = new NodeJournal({ stateDir: dir, background: this.background, stderr: (line) => this.stderr(line), metrics: () => this.deliveryMetrics });
      this.journals.set(dir, journal);
    }
    journal.use(server, executor);
    return journal;
  }

  /** Deliveries by state across this process's journals, for the `webhook_proxy_deliveries` gauge. */
  deliveryCounts(): Partial<Record<DeliveryState, number>> | undefined {
    let total: Partial<Record<DeliveryState, number>> | undefined;
    for (const journal of this.journals.values()) {
      const counts = journal.counts();
      if (!counts) continue;
      total ??= {};
      for (const [state, count] of Object.entries(counts) as [DeliveryState, number][]) total[state] = (total[state] ?? 0) + count;
    }
    return total;
  }

  /** Shutdown: no delivery starts from now on; what is unfinished stays in the journal for the next start. */
  stopDeliveries(): void {
    for (const journal of this.journals.values()) journal.stop();
  }

  /** One store per state folder: two apps of this process on the same folder share their ids. */
  deliveryIds(server: DeliveryIdSettings): DeliveryIdStore {
    const dir = resolve(server.stateDir);
    let store = deliveryIdStores.get(dir);
    if (!store) {
      store = new FileDeliveryIdStore(dir, (line) => this.stderr(line));
      deliveryIdStores.set(dir, store);
    }
    return store;
  }

  remoteAddress(platformContext: unknown): string {
    // the socket's own peer, read directly: getConnInfo also reads its port and family, per request
    const env = (platformContext as Context<{ Bindings: Partial<HttpBindings> | undefined }>).env;
    return env?.incoming?.socket?.remoteAddress ?? '';
  }

  readDeclaredBody(platformContext: unknown): Promise<Uint8Array> | undefined {
    const incoming = (platformContext as Context<{ Bindings: Partial<HttpBindings> | undefined }>).env?.incoming;
    return incoming && readIncomingBody(incoming);
  }
}
