import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { Miniflare } from 'miniflare';
import { buildBundle } from '../helpers/build-bundle.js';
import { tempDir, writeConfig } from '../helpers/cli.js';

/** The compatibility date wrangler.toml deploys with. */
export const COMPATIBILITY_DATE = '2025-04-01';

export interface BuiltWorker {
  file: string;
  code: string;
  inputs: string[];
}

/** Builds `worker.js` from a server.yml, as `webhook-proxy build --target cloudflare` does. */
export async function buildWorker(yaml: string): Promise<BuiltWorker> {
  const configFile = writeConfig(yaml);
  const outDir = tempDir('webhook-proxy-worker-');
  const built = await buildBundle({ target: 'cloudflare', configFile, outDir, warn: () => undefined });
  return { file: built.file, code: readFileSync(built.file, 'utf8'), inputs: built.inputs };
}

/** Miniflare's queue settings: binding → queue name, and queue name → consumer settings. */
export interface QueueOptions {
  queueProducers?: Record<string, string>;
  queueConsumers?: Record<string, { maxBatchSize?: number; maxBatchTimeout?: number; maxRetries?: number; deadLetterQueue?: string; retryDelay?: number }>;
}

/**
 * A built worker.js running in real workerd through Miniflare. workerd enforces what
 * production enforces (no eval, no Node built-ins); the console of the worker is
 * captured line by line.
 */
export class RunningWorker {
  stdout = '';
  stderr = '';

  private constructor(private readonly mf: Miniflare) {}

  /**
   * `options`: more Miniflare settings, e.g. `kvNamespaces` and `kvPersist` for a KV binding, or
   * `queueProducers` and `queueConsumers`; `readQueue` names a queue a second worker consumes,
   * logging each message as `queue-reader <queue> <body as JSON>` (a dead-letter queue's contents).
   */
  static async start(file: string, bindings: Record<string, string> = {}, options: QueueOptions & { kvNamespaces?: string[]; kvPersist?: string; readQueue?: string } = {}): Promise<RunningWorker> {
    let worker: RunningWorker | undefined;
    const pending: { stream: 'stdout' | 'stderr'; text: string }[] = [];
    const capture = (stream: 'stdout' | 'stderr') => (readable: Readable) =>
      readable.on('data', (chunk: Buffer) => {
        if (worker) worker[stream] += chunk.toString();
        else pending.push({ stream, text: chunk.toString() });
      });
    const { readQueue, kvPersist, ...workerOptions } = options;
    const main = { name: 'webhook-proxy', modules: true, scriptPath: file, modulesRoot: join(file, '..'), compatibilityDate: COMPATIBILITY_DATE, bindings, ...workerOptions };
    const reader = {
      name: 'queue-reader',
      modules: true,
      compatibilityDate: COMPATIBILITY_DATE,
      script: 'export default { async queue(batch) { for (const m of batch.messages) console.log(`queue-reader ${batch.queue} ${JSON.stringify(m.body)}`); } };',
      queueConsumers: { [readQueue ?? '']: { maxBatchTimeout: 0 } },
    };
    const mf = new Miniflare({
      workers: readQueue ? [main, reader] : [main],
      ...(kvPersist === undefined ? {} : { kvPersist }),
      handleRuntimeStdio: (stdout: Readable, stderr: Readable) => {
        capture('stdout')(stdout);
        capture('stderr')(stderr);
      },
    });
    await mf.ready;
    worker = new RunningWorker(mf);
    for (const { stream, text } of pending) worker[stream] += text;
    return worker;
  }

  /** Sends a request into workerd; status, body and headers of the answer. */
  async request(path: string, init: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string } = {}) {
    const response = await this.mf.dispatchFetch(`http://worker.test${path}`, init);
    return { status: response.status, text: await response.text(), headers: response.headers };
  }

  /** Sends a message to the queue behind the worker's producer binding, as another producer would. */
  async sendToQueue(binding: string, body: unknown): Promise<void> {
    const queue = await this.mf.getQueueProducer(binding, 'webhook-proxy');
    await queue.send(body);
  }

  /** Everything the worker logged (console.log and console.error). */
  get output(): string {
    return this.stdout + this.stderr;
  }

  async waitFor(pattern: RegExp | string, timeoutMs = 5_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    const matches = () => (typeof pattern === 'string' ? this.output.includes(pattern) : pattern.test(this.output));
    while (!matches()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} in the worker's output:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  async dispose(): Promise<void> {
    await this.mf.dispose();
  }
}
