// The baseline of the execute scenario (d): a bare node:http server that, per request, reads the
// body, spawns the command given on its command line (default /bin/true) with its standard output
// captured and its standard error passed through, and answers 200 once the command has exited.
// No routing, templates, logging or process-group handling: Node's own spawn and nothing else,
// so the ratio to it shows what webhook-proxy's execute costs beyond that.
import { spawn } from 'node:child_process';
import { createServer } from 'node:http';

const port = Number(process.argv[2] ?? 0);
const command = process.argv[3] ?? '/bin/true';

const server = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const child = spawn(command, [], { stdio: ['ignore', 'pipe', 'inherit'] });
    const chunks = [];
    child.stdout.on('data', (chunk) => chunks.push(chunk));
    child.on('error', (error) => {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(`${error.message}\n`);
    });
    child.on('close', (code) => {
      res.writeHead(code === 0 ? 200 : 500, { 'Content-Type': 'text/plain' });
      res.end(`${Buffer.concat(chunks).toString('utf8')}OK\n`);
    });
  });
});
server.listen(port, '127.0.0.1', () => {
  process.stderr.write(`bare node:http spawn baseline (${command}) on http://127.0.0.1:${server.address().port}\n`);
});
const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
