// The baseline of the execute scenario (d): a bare node:http server that, per request, reads the
// body, spawns the command given on its command line (default /bin/true) with its standard output
// captured and its standard error passed through, and answers 200 once the command has exited.
// No routing, templates, logging or process-group handling: Node's own spawn and nothing else,
// so the ratio to it shows what webhook-proxy's execute costs beyond that.
//
// `--like-execute`: also what execute needs of Node on top of that, by hand: the command's standard
// error read through a pipe (passed on, its tail kept for an error message) instead of handed the
// server's own, and the command in a process group of its own (so a timeout can kill all it
// started). A ↳ row of the bench: what those two cost a server written by hand.
//
// `--hono`: the same, served by a bare Hono app on @hono/node-server instead of node:http, as
// webhook-proxy is. A ↳ row of the bench: what Hono and its Node adapter cost around a spawn.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const LIKE_EXECUTE = process.argv.includes('--like-execute');
const HONO = process.argv.includes('--hono');
const [portArg, commandArg] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const port = Number(portArg ?? 0);
const command = commandArg ?? '/bin/true';
const options = LIKE_EXECUTE ? { stdio: ['ignore', 'pipe', 'pipe'], detached: true } : { stdio: ['ignore', 'pipe', 'inherit'] };

/** Runs the command once, then calls `answer` with the status and body of the answer. */
function runCommand(answer) {
  const child = spawn(command, [], options);
  const chunks = [];
  child.stdout.on('data', (chunk) => chunks.push(chunk));
  let stderrTail = '';
  child.stderr?.on('data', (chunk) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk).slice(-2000);
  });
  child.on('error', (error) => answer({ status: 500, body: `${error.message}\n` }));
  child.on('close', (code) => {
    answer({ status: code === 0 ? 200 : 500, body: LIKE_EXECUTE && code !== 0 ? `exit ${code}: ${stderrTail}\n` : `${Buffer.concat(chunks).toString('utf8')}OK\n` });
  });
}

const announce = (address) => {
  process.stderr.write(`bare ${HONO ? 'Hono' : 'node:http'} spawn baseline (${command}${LIKE_EXECUTE ? ', like execute' : ''}) on http://127.0.0.1:${address.port}\n`);
};

let server;
if (HONO) {
  const app = new Hono();
  app.all('*', async (c) => {
    await c.req.arrayBuffer();
    const { status, body } = await new Promise(runCommand);
    return c.text(body, status);
  });
  server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port }, announce);
} else {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () =>
      runCommand(({ status, body }) => {
        res.writeHead(status, { 'Content-Type': 'text/plain' });
        res.end(body);
      }),
    );
  });
  server.listen(port, '127.0.0.1', () => announce(server.address()));
}
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
