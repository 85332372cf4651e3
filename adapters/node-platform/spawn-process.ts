import type { SpawnOptions, SpawnResult } from '../../src/runtime.js';

const STDERR_TAIL = 2000;

/** Where a command's standard error is passed through: the server's own (Node: its batched output). */
let passStderr: (text: string) => void = (text) => process.stderr.write(text);

/** Sends commands' standard error through `write`, so it keeps its place among the server's lines. */
export function passCommandStderrTo(write: (text: string) => void): void {
  passStderr = write;
}

// loaded on first use, off Lambda's cold start; then kept, so later commands start without awaiting them
type Modules = [typeof import('node:child_process'), typeof import('node:string_decoder')];
let modules: Modules | undefined;
const loadModules = async (): Promise<Modules> => (modules = await Promise.all([import('node:child_process'), import('node:string_decoder')]));

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
  const [{ spawn }, { StringDecoder }] = modules ?? (await loadModules());
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
    // a character split between two reads is decoded whole; made on the first read (most commands write nothing there)
    let stderr: InstanceType<typeof StringDecoder> | undefined;
    const passOn = (text: string) => {
      if (text === '') return;
      passStderr(text);
      stderrTail = (stderrTail + text).slice(-STDERR_TAIL);
    };
    child.stdout.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => passOn((stderr ??= new StringDecoder('utf8')).write(chunk)));
    child.stderr.on('end', () => stderr && passOn(stderr.end()));
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (child.pid !== undefined) running.delete(child.pid);
      reject(new Error(error.code === 'ENOENT' ? `cannot run "${argv[0]}": no such program or folder` : `cannot run "${argv[0]}": ${error.message}`));
    });
    child.on('close', (exitCode, signal) => {
      clearTimeout(timer);
      running.delete(child.pid!);
      resolve({ exitCode, signal, timedOut, stdout: stdout.length === 0 ? '' : Buffer.concat(stdout).toString('utf8'), stderrTail });
    });
  });
}

/**
 * The server's environment, read once, when the first command starts. Node reads every variable of
 * the environment it is given for each spawn, and a read of `process.env` goes through its C++
 * getter: about 0.5 µs a variable, 18 µs per spawn for 35 variables, against 1–2 µs for a plain
 * object (about 5 % of the execute scenario's CPU per request, measured). A server does not change
 * its own environment; a custom action that sets `process.env` after the first command does not
 * reach the commands.
 */
let serverEnvironment: NodeJS.ProcessEnv | undefined;

function childEnvironment(options: SpawnOptions): NodeJS.ProcessEnv {
  serverEnvironment ??= { ...process.env };
  if (options.inheritEnv === false) {
    // PATH only, so `command: curl …` still finds its program
    return { ...(serverEnvironment.PATH === undefined ? {} : { PATH: serverEnvironment.PATH }), ...options.env };
  }
  return options.env ? { ...serverEnvironment, ...options.env } : serverEnvironment;
}
