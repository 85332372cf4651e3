import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface Received {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/**
 * A real HTTP server on 127.0.0.1 that records what it receives. Paths choose the
 * answer: `/status/404` answers 404; `/slow` never answers; anything else 200 with
 * a JSON echo.
 */
export class Receiver {
  readonly received: Received[] = [];
  private server!: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        const entry = { method: req.method!, path: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
        this.received.push(entry);
        if (req.url === '/slow') return;
        const status = /^\/status\/(\d{3})/.exec(req.url!)?.[1];
        res.writeHead(status ? Number(status) : 200, { 'Content-Type': 'application/json', 'X-Receiver': 'yes' });
        res.end(status === '204' ? undefined : JSON.stringify({ echo: entry.body, method: entry.method }));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  last(): Received {
    const entry = this.received.at(-1);
    if (!entry) throw new Error('the receiver got nothing');
    return entry;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise((resolve) => this.server.close(resolve));
  }
}
