import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built CLI: tests run exactly what a user runs. */
export const CLI = fileURLToPath(new URL('../../dist/node/cli.js', import.meta.url));

/** The folders tempDir made for the running test file. */
const madeDirs: string[] = [];

/** A fresh folder under the system's temporary folder, removed when the test file ends (test/global/remove-temp-dirs.ts). */
export function tempDir(prefix = 'webhook-proxy-test-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  madeDirs.push(dir);
  return dir;
}

/**
 * Removes the folders tempDir made (a test run made about 540, 28 MB, and left them all). Set
 * KEEP_TEST_DIRS=1 to keep them for a look after a failure. A folder that cannot be removed is
 * named on stderr; it does not fail the file.
 */
export function removeTempDirs(): void {
  if (process.env.KEEP_TEST_DIRS) return;
  for (const dir of madeDirs.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true, maxRetries: 3 });
    } catch (error) {
      process.stderr.write(`could not remove ${dir}: ${(error as Error).message}\n`);
    }
  }
}

/** Writes a config file into a fresh folder and returns its path. */
export function writeConfig(yaml: string, name = 'server.yml'): string {
  const file = join(tempDir(), name);
  writeFileSync(file, yaml);
  return file;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to completion (check, usage and startup errors). */
export function runCli(args: string[], options: { env?: Record<string, string>; cwd?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: options.cwd, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`CLI did not exit within ${options.timeoutMs ?? 30_000} ms; stderr: ${stderr}`));
    }, options.timeoutMs ?? 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolvePromise({ code, stdout, stderr });
    });
  });
}

/** Servers still running; a test that fails before stopping its server does not leave it behind. */
const running = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

/** A webhook-proxy server running in a child process on a free port. */
export class ServerProcess {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;

  private constructor(
    readonly child: ChildProcess,
    public url: string,
  ) {
    running.add(child);
    this.exited = new Promise((resolvePromise) =>
      child.on('close', (code) => {
        running.delete(child);
        resolvePromise(code);
      }),
    );
  }

  /**
   * Starts the CLI on a config (give it `port: 0`) and waits until it listens. It runs in the
   * config's own fresh folder unless `cwd` says otherwise, so its state directory (the delivery
   * journal, the dedupe ids) is its own: no test runs what another left behind.
   */
  static async start(yaml: string, options: { env?: Record<string, string>; cwd?: string } = {}): Promise<ServerProcess> {
    const file = writeConfig(yaml);
    const child = spawn(process.execPath, [CLI, file], {
      cwd: options.cwd ?? dirname(file),
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new ServerProcess(child, '');
    child.stdout!.on('data', (chunk: Buffer) => (server.stdout += chunk.toString()));
    child.stderr!.on('data', (chunk: Buffer) => (server.stderr += chunk.toString()));
    const listening = await Promise.race([
      server.waitFor('stderr', / on (http:\/\/[^\s"]+)/, 30_000).then((match) => match[1]!),
      server.exited.then((code) => {
        throw new Error(`server exited with ${code} before listening:\n${server.stderr}`);
      }),
    ]);
    server.url = listening;
    return server;
  }

  /** Waits until the stream's text matches; returns the match. */
  async waitFor(stream: 'stdout' | 'stderr', pattern: RegExp, timeoutMs = 5_000): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this[stream].match(pattern);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} on ${stream}; it has:\n${this[stream]}`);
      await new Promise((resolvePromise) => setTimeout(resolvePromise, 10));
    }
  }

  /** The stdout lines written after `mark` (a previous `stdout.length`). */
  linesSince(mark: number): string[] {
    return this.stdout
      .slice(mark)
      .split('\n')
      .filter((line) => line !== '');
  }

  /** POSTs JSON (objects are serialised) and returns status and body. */
  async post(path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; text: string; headers: Headers }> {
    const text = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    return this.request(path, {
      method: 'POST',
      headers: { ...(body !== undefined && typeof body !== 'string' ? { 'Content-Type': 'application/json' } : {}), ...headers },
      body: text,
    });
  }

  /**
   * Sends a request and returns its answer once the server's output for it has arrived: the
   * server writes what a request prints, then its access-log line, then the answer; the test
   * reads stdout and stderr from two pipes, so it waits for that line and one more turn.
   */
  async request(path: string, init: RequestInit = {}): Promise<{ status: number; text: string; headers: Headers }> {
    const logged = new RegExp(`"${(init.method ?? 'GET').toUpperCase()} ${escapeRegex(new URL(path, this.url).pathname)} HTTP/1\\.1" \\d+ -`, 'g');
    const before = this.stderr.match(logged)?.length ?? 0;
    const response = await fetch(this.url + path, init);
    const answer = { status: response.status, text: await response.text(), headers: response.headers };
    const deadline = Date.now() + 2_000;
    while ((this.stderr.match(logged)?.length ?? 0) <= before && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    await new Promise((resolve) => setImmediate(resolve));
    return answer;
  }

  /** Sends a signal and waits for the exit code. */
  async stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<number | null> {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
    return this.exited;
  }
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
