import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import { resolve } from 'node:path';
import type { DeliveryIdSettings, DeliveryIdStore } from '../../src/app/delivery-ids.js';
import type { FetchOptions, Runtime, SpawnOptions, SpawnResult } from '../../src/runtime.js';
import { LogOutput, type LogEvent, type LogFormat, type LogStream } from '../../src/app/log-output.js';
import { fetchWithOptions } from '../node-platform/fetch-with-tls.js';
import { readTextFileIfExists } from '../node-platform/read-text-file.js';
import { spawnProcess } from '../node-platform/spawn-process.js';
import { BackgroundWork } from './background-work.js';
import { findOwnContainerId } from './own-container-id.js';
import { FileDeliveryIdStore } from './file-delivery-ids.js';

const deliveryIdStores = new Map<string, FileDeliveryIdStore>();

/** The Node.js platform: real processes, files, environment and sockets. */
export class NodeRuntime implements Runtime {
  readonly name = 'node';
  readonly background = new BackgroundWork();
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

  /** Every line this runtime writes leaves the process here. */
  private write(stream: LogStream, line: string): void {
    (stream === 'stdout' ? process.stdout : process.stderr).write(`${line}\n`);
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
    try {
      return getConnInfo(platformContext as Context).remote.address ?? '';
    } catch {
      return '';
    }
  }
}
