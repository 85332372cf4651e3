import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Received } from '../helpers/receiver.js';

/**
 * The redirect tests' servers (http-redirects*.test.ts): each records every request it gets and
 * answers /redirect/<status>?to=<url> with that redirect, /loop with a redirect to itself, anything
 * else with where it landed.
 */
export function redirectingRecorder(seen: Received[]): RequestListener {
  return (req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      seen.push({ method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString() });
      const url = new URL(req.url!, 'http://x');
      const status = /^\/redirect\/(\d{3})$/.exec(url.pathname)?.[1];
      if (status) {
        res.writeHead(Number(status), { Location: url.searchParams.get('to')! });
        return res.end('moved');
      }
      if (url.pathname === '/loop') {
        res.writeHead(302, { Location: '/loop' });
        return res.end();
      }
      res.end(`landed on ${req.method} ${url.pathname}`);
    });
  };
}

/** Listens on a free port of 127.0.0.1 (each server is its own origin); resolves the port. */
export async function listenLocally(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
