import { readFileSync } from 'node:fs';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';

// A real server on 127.0.0.1 that streams an answer of the size in the path, without or with a
// Content-Length, as long as the client keeps reading. It records how each answer ended.
const MiB = 1024 ** 2;
const CHUNK = Buffer.alloc(64 * 1024, 'x');

interface Streamed {
  sent: number;
  finished: boolean;
}

let streams: Promise<Streamed>[] = [];
let big: Server;
let server: ServerProcess;
let base = '';

function stream(res: ServerResponse, total: number): Promise<Streamed> {
  return new Promise((resolve) => {
    let sent = 0;
    res.on('close', () => resolve({ sent, finished: res.writableFinished }));
    const pump = () => {
      while (sent < total && !res.destroyed) {
        sent += CHUNK.length;
        if (!res.write(CHUNK)) return void res.once('drain', pump);
      }
      if (sent >= total) res.end();
    };
    pump();
  });
}

beforeAll(async () => {
  big = createServer((req, res) => {
    const [, kind, size] = /^\/(chunked|declared)\/(\d+)$/.exec(req.url!) ?? [];
    const total = Number(size) * MiB;
    res.writeHead(200, kind === 'declared' ? { 'Content-Length': String(total) } : {});
    streams.push(stream(res, total));
  });
  await new Promise<void>((resolve) => big.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(big.address() as AddressInfo).port}`;
  server = await ServerProcess.start(`
server: { port: 0 }
endpoints:
  - /small-cap/<kind>/<int:size>:
      actions:
        - http:
            target: '${base}/{{ request.view_args.kind }}/{{ request.view_args.size }}'
            max_response_size: 1MiB
            output: 'read {{ response.content | length }} bytes'
  - /small-cap-no-verify/<kind>/<int:size>:
      actions:
        - http:
            target: '${base}/{{ request.view_args.kind }}/{{ request.view_args.size }}'
            max_response_size: 1MiB
            verify: false
            output: 'read {{ response.content | length }} bytes'
  - /default-cap/<int:size>:
      actions:
        - http:
            target: '${base}/chunked/{{ request.view_args.size }}'
            output: 'read {{ response.content | length }} bytes'
`);
});

afterAll(async () => {
  await server?.stop();
  big?.closeAllConnections();
  big?.close();
});

function peakRss(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)![1]) * 1024;
  return { rss: kib('VmRSS'), peak: kib('VmHWM') };
}

describe('http action: max_response_size', () => {
  it.each(['/small-cap', '/small-cap-no-verify'])('%s: an answer under the cap is read whole', async (path) => {
    const mark = server.stdout.length;
    streams = [];
    expect((await server.post(`${path}/chunked/0`)).status).toBe(200);
    expect((await server.post(`${path}/declared/1`)).status).toBe(200);
    expect(server.linesSince(mark)).toEqual(['read 0 bytes', `read ${MiB} bytes`]);
  });

  it.each([
    ['/small-cap', 'chunked'],
    ['/small-cap', 'declared'],
    ['/small-cap-no-verify', 'chunked'],
    ['/small-cap-no-verify', 'declared'],
  ])('%s: a %s answer past the cap fails the action and the download stops', async (path, kind) => {
    streams = [];
    const before = server.stderr.length;
    expect((await server.post(`${path}/${kind}/200`)).status).toBe(500);
    await server.waitFor('stderr', /failed: HTTP POST to http:\/\/127\.0\.0\.1:\d+\/\w+\/200 failed: the answer is larger than max_response_size \(1048576 bytes\); reading stopped/);
    expect(server.stderr.slice(before)).toContain('max_response_size');
    const [ended] = await Promise.all(streams);
    expect(ended!.finished).toBe(false);
    // stopped within socket buffers of the cap, not at 200 MiB
    expect(ended!.sent).toBeLessThan(50 * MiB);
  });

  it('the default cap is 10 MiB, and memory stays bounded past it', async () => {
    streams = [];
    expect((await server.post('/default-cap/10')).status).toBe(200);
    expect((await server.post('/default-cap/11')).status).toBe(500);
    // after a read up to the cap, the peak is what a full 10 MiB answer costs
    const warm = peakRss(server.child.pid!).peak;
    expect((await server.post('/default-cap/500')).status).toBe(500);
    const ends = await Promise.all(streams);
    // (the 11 MiB one may fit into socket buffers before the client stops reading)
    expect([ends[0]!.finished, ends[2]!.finished]).toEqual([true, false]);
    expect(ends[2]!.sent).toBeLessThan(100 * MiB);
    // a 500 MiB answer held in memory would multiply the peak
    expect(peakRss(server.child.pid!).peak / warm).toBeLessThan(1.5);
  });
});
