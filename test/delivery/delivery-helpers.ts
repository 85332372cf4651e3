import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { tempDir, writeConfig } from '../helpers/cli.js';

/** A receiver on 127.0.0.1 that answers `status()` to each POST and records the bodies it got. */
export class Receiver {
  readonly bodies: string[] = [];
  status: () => number = () => 200;
  private constructor(
    private readonly server: Server,
    readonly url: string,
  ) {}

  static async start(): Promise<Receiver> {
    let receiver: Receiver | undefined;
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        receiver!.bodies.push(body);
        response.writeHead(receiver!.status()).end('answer\n');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    receiver = new Receiver(server, `http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    return receiver;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/**
 * A config with a state folder of its own (an absolute path), so that a restart on the same YAML
 * finds the same journal; `file` is the config for the `deliveries` command.
 */
export function journalConfig(yaml: (stateDir: string) => string): { yaml: string; file: string; stateDir: string } {
  const stateDir = join(tempDir('webhook-proxy-journal-'), 'state');
  const text = yaml(stateDir);
  return { yaml: text, file: writeConfig(text), stateDir };
}

export async function until(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

export function count(text: string, pattern: RegExp): number {
  return text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
}
