// Other servers measured side by side with webhook-proxy in the same run, each ÷ the scenario's
// baseline: adnanh/webhook (Go; Debian package `webhook`, installed by .ci/setup-bench.sh), the tool
// people pick for "run a command on a webhook", next to the execute scenario (d); and bare Hono, which
// does none of the work (reads the body, answers 200), to show what Node and Hono cost on their own;
// and the baseline with webhook-proxy's access line added by hand, to show what logging costs; and
// the spawn baseline with what execute needs of Node added by hand, to show what that costs, and the
// same served by Hono, to show what Hono and its Node adapter cost around a spawn.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startNodeServer, startServer } from './processes.mjs';

const BARE_HONO = fileURLToPath(new URL('./bare-hono-server.mjs', import.meta.url));
const BASELINE = fileURLToPath(new URL('./baseline-server.mjs', import.meta.url));
const SPAWN_BASELINE = fileURLToPath(new URL('./spawn-baseline-server.mjs', import.meta.url));

/** bench/bare-hono-server.mjs: answers 200 to every request, whatever the scenario expects. */
export function bareHono() {
  return {
    available: true,
    name: 'bare Hono (reads the body, answers 200; no parsing, checks or output)',
    expectStatus: 200,
    start: () => startNodeServer([BARE_HONO], { output: 'pipe' }),
  };
}

/**
 * The scenario's baseline with webhook-proxy's access line added by hand (bench/baseline-server.mjs
 * --access-log): the distance from the baseline is what one log line and a request id cost, the
 * distance to webhook-proxy what the rest of its generality costs.
 */
export function loggingBaseline() {
  return {
    available: true,
    name: 'the baseline + the same access line and request id, by hand',
    start: () => startNodeServer([BASELINE, '--access-log'], { output: 'pipe' }),
  };
}

/**
 * The spawn baseline with the command's standard error read through a pipe and the command in a
 * process group of its own, as execute runs it (bench/spawn-baseline-server.mjs --like-execute): the
 * distance from the baseline is what those cost Node, the distance to webhook-proxy what the rest
 * of its request path costs.
 */
export function spawnLikeExecute() {
  return {
    available: true,
    name: 'the spawn baseline + stderr through a pipe and a process group of its own, by hand',
    start: () => startNodeServer([SPAWN_BASELINE, '--like-execute'], { output: 'pipe' }),
  };
}

/**
 * spawnLikeExecute served by a bare Hono app on @hono/node-server, as webhook-proxy is
 * (bench/spawn-baseline-server.mjs --like-execute --hono): the distance from spawnLikeExecute is
 * what Hono costs around a spawn, the distance to webhook-proxy what its own request path costs.
 */
export function spawnLikeExecuteOnHono() {
  return {
    available: true,
    name: 'the same on bare Hono (@hono/node-server) instead of node:http, by hand',
    start: () => startNodeServer([SPAWN_BASELINE, '--like-execute', '--hono'], { output: 'pipe' }),
  };
}

/**
 * adnanh/webhook with the hooks file equivalent to webhook-proxy's /execute endpoint: POST only,
 * runs /bin/true without a shell and answers once it has exited, with its output (as execute
 * waits for the command). Not -verbose: it logs nothing per request, the cheapest way it runs.
 * Returns { available: false, reason } when the binary is missing.
 */
export function adnanhWebhook() {
  let version;
  try {
    version = execFileSync('webhook', ['-version'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (error) {
    return {
      available: false,
      reason: error.code === 'ENOENT' ? 'the `webhook` binary is not installed (apt-get install webhook, or .ci/setup-bench.sh)' : `webhook -version failed: ${error.message}`,
    };
  }
  return {
    available: true,
    name: `adnanh/webhook ${version.replace(/^webhook version\s*/, '')}, the same work`,
    path: '/hooks/execute',
    expectStatus: 200,
    async start(dir) {
      const hooks = join(dir, 'adnanh-hooks.json');
      writeFileSync(hooks, JSON.stringify([{ id: 'execute', 'execute-command': '/bin/true', 'http-methods': ['POST'], 'include-command-output-in-response': true }], null, 2));
      const port = await freePort();
      return startServer('webhook', ['-hooks', hooks, '-ip', '127.0.0.1', '-port', String(port)], { output: 'pipe', ready: 'connect', port });
    },
  };
}
