import type { SpawnOptions, SpawnResult } from '../../src/runtime.js';

const STDERR_TAIL = 2000;

/** Process groups of the commands running now, by their leader's pid. */
const running = new Set<number>();

/**
 * Kills every running command with everything it started (its process group); a server that gives
 * up on its work at shutdown must not leave them behind. Returns how many there were.
 */
export function killRunningProcesses(): number {
  const count = running.size;
  for (const pid of running) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return count;
}

/**
 * Runs a program for the `execute` action on Node and Lambda: standard output captured,
 * standard error passed through to the server's (and its tail kept for the error message).
 */
export async function spawnProcess(argv: readonly string[], options: SpawnOptions): Promise<SpawnResult> {
  // loaded on use, off Lambda's cold start
  const { spawn } = await import('node:child_process');
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0]!, argv.slice(1), {
      env: childEnvironment(options),
      cwd: options.cwd,
      stdio: ['ignore', 'pipe', 'pipe'],
      // its own process group, so a timeout kills the shell and everything it started
      detached: true,
    });
    if (child.pid !== undefined) running.add(child.pid);
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
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk.toString('utf8')).slice(-STDERR_TAIL);
    });
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      reject(new Error(error.code === 'ENOENT' ? `cannot run "${argv[0]}": no such program or folder` : `cannot run "${argv[0]}": ${error.message}`));
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      running.delete(child.pid!);
      resolve({ exitCode, signal, timedOut, stdout: Buffer.concat(stdout).toString('utf8'), stderrTail });
    });
  });
}

function childEnvironment(options: SpawnOptions): NodeJS.ProcessEnv {
  if (options.inheritEnv === false) {
    // PATH only, so `command: curl …` still finds its program
    return { ...(process.env.PATH === undefined ? {} : { PATH: process.env.PATH }), ...options.env };
  }
  return options.env ? { ...process.env, ...options.env } : process.env;
}
