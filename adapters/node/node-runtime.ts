import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { Agent, fetch as undiciFetch } from 'undici';
import type { Context } from 'hono';
import { getConnInfo } from '@hono/node-server/conninfo';
import type { FetchOptions, Runtime, SpawnOptions, SpawnResult } from '../../src/runtime.js';
import { BackgroundWork } from './background-work.js';
import { findOwnContainerId } from './own-container-id.js';

const STDERR_TAIL = 2000;

/** The Node.js platform: real processes, files, environment and sockets. */
export class NodeRuntime implements Runtime {
  readonly name = 'node';
  readonly background = new BackgroundWork();
  private containerId: string | null | undefined;
  private readonly agents = new Map<string, Agent>();

  env(name: string): string | undefined {
    return process.env[name];
  }

  readTextFile(path: string): string | undefined {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  }

  ownContainerId(): string | null {
    this.containerId ??= findOwnContainerId((path) => this.readTextFile(path));
    return this.containerId;
  }

  stdout(line: string): void {
    process.stdout.write(`${line}\n`);
  }

  stderr(line: string): void {
    process.stderr.write(`${line}\n`);
  }

  async fetch(request: Request, options: FetchOptions): Promise<Response> {
    const signal = AbortSignal.timeout(options.timeoutMs);
    if (options.tlsVerify === true) return fetch(request, { signal });
    // verify: false or a CA bundle needs its own TLS settings, which the global fetch cannot take
    const key = String(options.tlsVerify);
    let agent = this.agents.get(key);
    if (!agent) {
      const connect = options.tlsVerify === false ? { rejectUnauthorized: false } : { ca: readFileSync(options.tlsVerify) };
      agent = new Agent({ connect });
      this.agents.set(key, agent);
    }
    const body = request.body ? await request.arrayBuffer() : undefined;
    const response = await undiciFetch(request.url, { method: request.method, headers: [...request.headers], body, signal, dispatcher: agent });
    return response as unknown as Response;
  }

  spawn(argv: readonly string[], options: SpawnOptions): Promise<SpawnResult> {
    return new Promise((resolve, reject) => {
      const child = spawn(argv[0]!, argv.slice(1), {
        env: options.env ? { ...process.env, ...options.env } : process.env,
        cwd: options.cwd,
        stdio: ['ignore', 'pipe', 'pipe'],
        // its own process group, so a timeout kills the shell and everything it started
        detached: true,
      });
      let timedOut = false;
      const timer =
        options.timeoutMs === undefined
          ? undefined
          : setTimeout(() => {
              timedOut = true;
              try {
                process.kill(-child.pid!, 'SIGKILL');
              } catch {
                child.kill('SIGKILL');
              }
            }, options.timeoutMs);
      const stdout: Buffer[] = [];
      let stderrTail = '';
      child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
      child.stderr.on('data', (chunk: Buffer) => {
        // the command's stderr passes through to the server's, as with the original
        process.stderr.write(chunk);
        stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
      });
      child.on('error', (error: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(new Error(error.code === 'ENOENT' ? `cannot run "${argv[0]}": no such program or folder` : `cannot run "${argv[0]}": ${error.message}`));
      });
      child.on('close', (exitCode, signal) => {
        clearTimeout(timer);
        resolve({
          exitCode,
          signal,
          timedOut,
          stdout: Buffer.concat(stdout).toString('utf8'),
          stderrTail,
        });
      });
    });
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
