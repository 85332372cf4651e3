import type { Context } from 'hono';
import { MemoryDeliveryIdStore, type DeliveryIdStore } from '../../src/app/delivery-ids.js';
import { LogOutput, type LogEvent, type LogFormat, type LogRecord, type LogStream } from '../../src/app/log-output.js';
import type { OpenDeliveryJournal } from '../../src/delivery/journal.js';
import type { FetchOptions, Runtime, SpawnOptions, SpawnResult } from '../../src/runtime.js';
import { fetchWithOptions } from '../node-platform/fetch-with-tls.js';
import { readTextFileIfExists } from '../node-platform/read-text-file.js';
import { spawnProcess } from '../node-platform/spawn-process.js';
import type { FunctionUrlEvent } from './function-url-event.js';

/** What the Lambda handler passes to the Hono app as `c.env`. */
export interface LambdaBindings {
  readonly event: FunctionUrlEvent;
}

/**
 * AWS Lambda (Node.js runtime): the function's environment, its read-only file system, processes
 * (execute runs here), CloudWatch through the console. Work that must outlive a response is kept
 * in `pending` and awaited by the handler before it returns, since the environment freezes then.
 */
export class LambdaRuntime implements Runtime {
  readonly name = 'lambda';
  private readonly pending = new Set<Promise<unknown>>();
  /**
   * Delivery ids live as long as this execution environment: a retry that reaches another one
   * (or this one after it was recycled) is not recognised. See docs/dedupe.md.
   */
  private readonly deliveryIdStore = new MemoryDeliveryIdStore();
  /** The function's asynchronous invocation queue (lambda-journal.ts); the handler sets it, unless WEBHOOK_PROXY_ASYNC=inline. */
  deliveryJournal?: OpenDeliveryJournal;

  env(name: string): string | undefined {
    return process.env[name];
  }

  readTextFile(path: string): string | undefined {
    return readTextFileIfExists(path);
  }

  ownContainerId(): string | null {
    // a Lambda execution environment is a micro-VM, not a container a relay could address
    return null;
  }

  private readonly output = new LogOutput({
    write: (stream, line) => (stream === 'stdout' ? console.log(line) : console.error(line)),
    // the console would put Lambda's own prefix (time, invocation id, level) before the object:
    // written as they are, each record is one CloudWatch event holding only the JSON object,
    // whose fields Logs Insights discovers
    writeRecord: (stream: LogStream, record: LogRecord) => (stream === 'stdout' ? process.stdout : process.stderr).write(`${JSON.stringify(record)}\n`),
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
    return fetchWithOptions(request, options);
  }

  spawn(argv: readonly string[], options: SpawnOptions): Promise<SpawnResult> {
    return spawnProcess(argv, options);
  }

  runInBackground(work: Promise<unknown>): void {
    const settled = work.catch(() => undefined).finally(() => this.pending.delete(settled));
    this.pending.add(settled);
  }

  deliveryIds(): DeliveryIdStore {
    return this.deliveryIdStore;
  }

  /** Waits for all work handed to runInBackground, including work started while waiting. */
  async settle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  remoteAddress(platformContext: unknown): string {
    const bindings = (platformContext as Context<{ Bindings: LambdaBindings }> | undefined)?.env;
    return bindings?.event?.requestContext?.http?.sourceIp ?? '';
  }
}
