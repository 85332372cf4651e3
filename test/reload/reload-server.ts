import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { closeSync, constants, openSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, tempDir } from '../helpers/cli.js';

const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/**
 * The built CLI on a config file the test keeps editing, with a FIFO its `execute` actions can
 * block on: a request stays in flight until the test writes a line into it.
 */
export class ReloadServer {
  stdout = '';
  stderr = '';
  url = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    readonly file: string,
  ) {
    running.add(child);
    child.stdout!.on('data', (chunk: Buffer) => (this.stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.exited = new Promise((resolve) =>
      child.on('close', (code) => {
        running.delete(child);
        resolve(code);
      }),
    );
  }

  /** A folder with a FIFO named `gate`; configs may name it as GATE. */
  static folder(): { dir: string; gate: string } {
    const dir = tempDir('webhook-proxy-reload-');
    const gate = join(dir, 'gate');
    execFileSync('mkfifo', [gate]);
    return { dir, gate };
  }

  static async start(dir: string, yaml: string, args: string[] = []): Promise<ReloadServer> {
    const file = join(dir, 'server.yml');
    writeFileSync(file, yaml);
    const child = spawn(process.execPath, [CLI, file, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    const server = new ReloadServer(child, file);
    const exited = server.exited.then((code) => {
      throw new Error(`server exited with ${code} before listening:\n${server.stderr}`);
    });
    server.url = (await Promise.race([server.waitFor('stderr', / on (http:\/\/\S+)/), exited]))[1]!;
    return server;
  }

  async waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs = 15_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this[stream].match(pattern);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} on ${stream}; it has:\n${this[stream]}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  post(path: string, body: unknown = {}): Promise<{ status: number; text: string }> {
    return fetch(this.url + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then(async (response) => ({
      status: response.status,
      text: await response.text(),
    }));
  }

  async get(path: string): Promise<{ status: number; text: string }> {
    const response = await fetch(this.url + path);
    return { status: response.status, text: await response.text() };
  }

  /** Writes the config file anew (as an editor saving it would). */
  edit(yaml: string): void {
    writeFileSync(this.file, yaml);
  }

  async stop(): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGTERM');
    return this.exited;
  }
}

/** Lets a request blocked on the FIFO go on: its `cat` reads this line and ends. */
export function release(gate: string, line: string): void {
  writeFileSync(gate, `${line}\n`);
}

/** After a failed assertion: frees a request still blocked on the FIFO, so that the server can stop. */
export function releaseIfWaiting(gate: string): void {
  let fd: number;
  try {
    fd = openSync(gate, constants.O_WRONLY | constants.O_NONBLOCK);
  } catch {
    return; // ENXIO: nobody reads it
  }
  writeSync(fd, 'cleanup\n');
  closeSync(fd);
}
