import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser } from 'playwright-core';
import { describe, it } from 'vitest';

/** Debian's Chromium (.ci/setup-ui.sh); playwright-core never downloads a browser here. */
export const CHROMIUM = '/usr/bin/chromium';
export const TOKEN = 'ui-token-for-tests-0123456789';
export const UI = '/_/deliveries';

/**
 * A suite that needs the browser: without Chromium it is skipped with a loud line on a
 * developer's machine, and fails under CI=true (where .ci/setup-ui.sh must have installed it).
 */
export function browserSuite(name: string, body: () => void): void {
  if (existsSync(CHROMIUM)) {
    describe(name, body);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () =>
      it('needs Chromium', () => {
        throw new Error(`${CHROMIUM} is missing: CI runs .ci/setup-ui.sh, which installs Debian's chromium`);
      }),
    );
    return;
  }
  console.warn(`\n*** SKIPPED "${name}": no Chromium at ${CHROMIUM} (apt-get install chromium, or bash .ci/setup-ui.sh) ***\n`);
  describe.skip(name, body);
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A receiver on a fixed port of 127.0.0.1 that can go away and come back (a deploy target being down). */
export class ComingBackReceiver {
  readonly bodies: string[] = [];
  private server: Server | undefined;
  port = 0;

  get url(): string {
    return `http://127.0.0.1:${this.port}/deploy`;
  }

  async start(): Promise<this> {
    const server = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        this.bodies.push(body);
        response.writeHead(200, { 'Content-Type': 'text/plain' }).end('deployed\n');
      });
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', resolve);
    });
    this.port = (server.address() as AddressInfo).port;
    this.server = server;
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
}
