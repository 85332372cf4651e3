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
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';

const LIKE_EXECUTE = process.argv.includes('--like-execute');
const [portArg, commandArg] = process.argv.slice(2).filter((arg) => !arg.startsWith('--'));
const port = Number(portArg ?? 0);
const command = commandArg ?? '/bin/true';
const options = LIKE_EXECUTE ? { stdio: ['ignore', 'pipe', 'pipe'], detached: true } : { stdio: ['ignore', 'pipe', 'inherit'] };

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const child = spawn(command, [], options);
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    let stderrTail = '';
    child.stderr?.on('data', (chunk) => {
      process.stderr.write(chunk);
      stderrTail = (stderrTail + chunk).slice(-2000);
    });
    child.on('error', (error) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`${error.message}\n`);
    });
    child.on('close', (code) => {
      res.writeHead(code === 0 ? 200 : 500, { 'Content-Type': 'text/plain' });
      res.end(LIKE_EXECUTE && code !== 0 ? `exit ${code}: ${stderrTail}\n` : `${Buffer.concat(chunks).toString('utf8')}OK\n`);
    });
  });
});
server.listen(port, '127.0.0.1', () => {
  process.stderr.write(`bare node:http spawn baseline (${command}${LIKE_EXECUTE ? ', like execute' : ''}) on http://127.0.0.1:${server.address().port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
