import { request } from 'node:http';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';

let server: ServerProcess;
beforeAll(async () => {
  server = await ServerProcess.start(`
server: { port: 0, max_body_size: 1MiB }
endpoints:
  - /upload:
      actions:
        - log: { message: 'should never run' }
  - /rss:
      method: GET
      actions:
        - execute:
            command: ['sh', '-c', 'sed -n "s/^VmRSS:[^0-9]*\\([0-9]*\\).*/\\1/p" /proc/$PPID/status']
            shell: false
`);
});
afterAll(async () => server.stop());

/** The server's resident memory in KiB, measured by `ps` from its own child. */
async function serverRss(): Promise<number> {
  const mark = server.stdout.length;
  await server.request('/rss');
  const line = (await server.waitFor('stdout', /^\s*(\d+)\s*$/m)).input!.slice(mark);
  return Number(line.trim().split('\n')[0]);
}

/** Streams `size` bytes in chunks without a Content-Length, as a chunked upload. */
function streamUpload(url: string, size: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(url + '/upload', { method: 'POST', headers: { 'Content-Type': 'application/json' } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
    const chunk = Buffer.alloc(1024 * 1024, 0x20);
    let sent = 0;
    const pump = () => {
      while (sent < size) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

it('answers a declared 30 MB body with 413 without reading it', async () => {
  const before = await serverRss();
  const status = await new Promise<number>((resolve, reject) => {
    const req = request(server.url + '/upload', { method: 'POST', headers: { 'Content-Length': String(30 * 1024 * 1024) } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.write(Buffer.alloc(1024));
  });
  expect(status).toBe(413);
  expect((await serverRss()) - before).toBeLessThan(5 * 1024);
});

it('stops a streamed 30 MB body at the limit without growing the server by more than a few MB', async () => {
  const before = await serverRss();
  expect(await streamUpload(server.url, 30 * 1024 * 1024)).toBe(413);
  const after = await serverRss();
  expect(server.stdout).not.toContain('should never run');
  // at most the 1 MiB limit is held, then dropped
  expect(after - before).toBeLessThan(8 * 1024);
});
