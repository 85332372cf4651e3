import type { RequestListener, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
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

const SECRET_HEADERS = { 'X-Api-Key': 'api-key-9d1e', Authorization: 'Bearer token-77aa', Cookie: 'session=cookie-5b2c', 'X-Custom': 'configured' };

/** The headers the redirect endpoints configure or sign with, as the receivers see them. */
export const CONFIGURED_NAMES = ['x-api-key', 'authorization', 'cookie', 'x-custom', 'webhook-id', 'webhook-timestamp', 'webhook-signature'];

/** The http action of every redirect endpoint: secret headers, a signed JSON body, sent to `target`. */
export function redirectAction(target: string, { verify = true } = {}): string {
  return `
        - http:
            target: '${target}'
            headers: ${JSON.stringify(SECRET_HEADERS)}
            json: true
            body: { event: 'push' }
            sign: { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw' }
            output: 'final {{ response.status_code }} {{ response.url }} {{ response.text }}'${verify ? '' : '\n            verify: false'}`;
}

/** A recorder's URL that answers with a `status` redirect to `target`. */
export function redirectTo(base: string, status: number, target: string): string {
  return `${base}/redirect/${status}?to=${encodeURIComponent(target)}`;
}

/** After a cross-origin 307: the first origin got every configured header, the second none, and the body again. */
export function expectCrossOriginResend(firstSeen: readonly Received[], secondSeen: readonly Received[]): void {
  for (const name of CONFIGURED_NAMES) expect(firstSeen[0]!.headers[name], name).toBeDefined();
  expect(secondSeen).toHaveLength(1);
  const landed = secondSeen[0]!;
  for (const name of CONFIGURED_NAMES) expect(landed.headers[name], name).toBeUndefined();
  expect(JSON.stringify(landed.headers)).not.toMatch(/api-key-9d1e|token-77aa|cookie-5b2c|v1,/);
  expect(landed.body).toBe('{"event":"push"}');
  expect(landed.headers['content-type']).toBe('application/json');
}
