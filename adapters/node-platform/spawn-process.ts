import type { SpawnOptions, SpawnResult } from '../../src/runtime.js';

const STDERR_TAIL = 2000;

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
      reject(new Error(error.code === 'ENOENT' ? `cannot run "${argv[0]}": no such program or folder` : `cannot run "${argv[0]}": ${error.message}`));
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
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
