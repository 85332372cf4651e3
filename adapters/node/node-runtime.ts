import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { FetchOptions, Runtime, SpawnOptions, SpawnResult } from '../../src/runtime.js';
import { fetchWithOptions } from '../node-platform/fetch-with-tls.js';
import { readTextFileIfExists } from '../node-platform/read-text-file.js';
import { spawnProcess } from '../node-platform/spawn-process.js';
import { BackgroundWork } from './background-work.js';
import { findOwnContainerId } from './own-container-id.js';

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

  stdout(line: string): void {
    process.stdout.write(`${line}\n`);
  }

  stderr(line: string): void {
    process.stderr.write(`${line}\n`);
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

  remoteAddress(platformContext: unknown): string {
    try {
      return getConnInfo(platformContext as Context).remote.address ?? '';
    } catch {
      return '';
    }
  }
}
