// Starting, pinning, measuring and stopping the processes under test.
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { cpus } from 'node:os';

export const SERVER_CORE = 0;
export const LOAD_CORE = 1;

/**
 * Pins this process (and so the load generator it spawns) to LOAD_CORE; servers are started on
 * SERVER_CORE. Returns a description for the report, or why there is no pinning.
 */
export function pinLoadGenerator() {
  if (cpus().length < 2) return 'none (one core: server and load generator share it)';
  if (!hasTaskset()) return 'none (taskset not installed)';
  execFileSync('taskset', ['-pc', String(LOAD_CORE), String(process.pid)], { stdio: 'ignore' });
  return `server on core ${SERVER_CORE}, load generator and benchmark on core ${LOAD_CORE} (taskset)`;
}

let tasksetFound;
function hasTaskset() {
  if (tasksetFound === undefined) {
    try {
      execFileSync('taskset', ['-V'], { stdio: 'ignore' });
      tasksetFound = true;
    } catch {
      tasksetFound = false;
    }
  }
  return tasksetFound && cpus().length >= 2;
}

/** A free loopback port (for servers whose output goes to /dev/null, so they cannot tell us theirs). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Starts `node <args>` on the server core and waits until it accepts connections (see startServer).
 */
export function startNodeServer(args, options = {}) {
  return startServer(process.execPath, args, options);
}

/**
 * Starts `command <args>` on the server core and waits until it accepts connections.
 * output 'pipe': stdout and stderr are drained here; 'devnull': both go to /dev/null.
 * ready 'announce' (default with a pipe): the "on http://…" line on stderr; 'connect' (default
 * with /dev/null, and for servers that announce nothing): the first accepted TCP connection on `port`.
 * Returns { child, pid, url, startupMs, outputBytes(), stderrTail(), stop() }.
 */
export async function startServer(program, args, { output = 'pipe', ready = output === 'pipe' ? 'announce' : 'connect', port, env = {} } = {}) {
  const argv = [program, ...args];
  const command = hasTaskset() ? ['taskset', '-c', String(SERVER_CORE), ...argv] : argv;
  const started = performance.now();
  const child = spawn(command[0], command.slice(1), {
    env: { ...process.env, ...env },
    stdio: output === 'pipe' ? ['ignore', 'pipe', 'pipe'] : ['ignore', 'ignore', 'ignore'],
  });
  let bytes = 0;
  let tail = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(signal ?? code)));
  child.once('error', () => {});
  let url;
  if (output === 'pipe') {
    child.stdout.on('data', (chunk) => (bytes += chunk.length));
    child.stderr.on('data', (chunk) => {
      bytes += chunk.length;
      tail = (tail + chunk).slice(-4000);
    });
  }
  if (ready === 'announce') {
    url = await new Promise((resolve, reject) => {
      let announced = false;
      child.stderr.on('data', () => {
        const found = !announced && tail.match(/ on (http:\/\/\S+)/);
        if (found) {
          announced = true;
          resolve(found[1]);
        }
      });
      exited.then((code) => reject(new Error(`${args.join(' ')} exited (${code}) before listening:\n${tail}`)));
      setTimeout(() => reject(new Error(`${args.join(' ')} did not listen within 30 s:\n${tail}`)), 30_000).unref();
    });
  } else {
    await waitForConnection(port, exited);
    url = `http://127.0.0.1:${port}`;
  }
  const startupMs = performance.now() - started;
  return {
    child,
    pid: child.pid,
    url,
    startupMs,
    outputBytes: () => bytes,
    stderrTail: () => tail,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(timer);
    },
  };
}

async function waitForConnection(port, exited) {
  let gone = false;
  exited.then(() => (gone = true));
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (gone) throw new Error(`server on port ${port} exited before listening`);
    const connected = await new Promise((resolve) => {
      const socket = createConnection({ host: '127.0.0.1', port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once('error', () => resolve(false));
    });
    if (connected) return;
    if (Date.now() > deadline) throw new Error(`nothing listened on port ${port} within 10 s`);
    await sleep(2);
  }
}

/** Resident set size of a process in bytes (Linux /proc, else ps). */
export function rssBytes(pid) {
  const status = `/proc/${pid}/status`;
  if (existsSync(status)) {
    const found = readFileSync(status, 'utf8').match(/^VmRSS:\s+(\d+)\s+kB/m);
    if (found) return Number(found[1]) * 1024;
  }
  return Number(execFileSync('ps', ['-o', 'rss=', '-p', String(pid)], { encoding: 'utf8' }).trim()) * 1024;
}

/** CPU time (user + system) a process has used, in seconds; null where /proc is missing. */
export function cpuSeconds(pid) {
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return null;
  // fields after the command name (which may hold spaces): utime and stime are the 12th and 13th
  const text = readFileSync(stat, 'utf8');
  const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / clockTicks();
}

let ticks;
function clockTicks() {
  if (ticks === undefined) {
    try {
      ticks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticks = 100;
    }
  }
  return ticks;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
