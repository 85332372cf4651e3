import { createHmac } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';

// The Node server reads a body of declared length from Node's own request (one copy fewer than
// through @hono/node-server's Request): these are what that reading must keep.

const SECRET = 'body-read-secret-5c1d';
let server: ServerProcess;
beforeAll(async () => {
  server = await ServerProcess.start(
    `
server: { port: 0, shutdown_timeout: 5 }
endpoints:
  - /signed:
      actions:
        - hmac-verify: { secret: '{{ read_config("SENDER_SECRET") }}', header: X-Hub-Signature-256, prefix: 'sha256=' }
        - log: { message: 'signed {{ request.json.n }}' }
  - /plain:
      actions:
        - log: { message: 'plain {{ request.json.n }}' }
`,
    { env: { SENDER_SECRET: SECRET } },
  );
});
afterAll(async () => server.stop());

/** A JSON body of about 40 KB whose text holds bytes that are not UTF-8. */
function body(n: number): Buffer {
  return Buffer.concat([Buffer.from(`{"n": ${n}, "pad": "`), Buffer.alloc(40_000, 0x61), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('"}')]);
}

const sign = (bytes: Buffer) => `sha256=${createHmac('sha256', SECRET).update(bytes).digest('hex')}`;

/** Sends a request over a plain socket, the body in `pieces` writes, and resolves the status line. */
function sendInPieces(path: string, bytes: Buffer, signature: string, pieces: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const url = new URL(server.url);
    const socket = connect(Number(url.port), url.hostname);
    socket.setNoDelay(true);
    let answer = '';
    socket.on('data', (chunk) => {
      answer += chunk.toString('latin1');
      if (answer.includes('\r\n')) {
        socket.destroy();
        resolve(answer.split('\r\n')[0]!);
      }
    });
    socket.on('error', reject);
    socket.on('connect', async () => {
      socket.write(`POST ${path} HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: ${bytes.length}\r\nX-Hub-Signature-256: ${signature}\r\n\r\n`);
      const size = Math.ceil(bytes.length / pieces);
      for (let at = 0; at < bytes.length; at += size) await new Promise((written) => socket.write(bytes.subarray(at, at + size), written));
    });
  });
}

it('checks a signature on the exact bytes of a body that arrives in many pieces', async () => {
  const bytes = body(1);
  const mark = server.stdout.length;
  expect(await sendInPieces('/signed', bytes, sign(bytes), 40)).toBe('HTTP/1.1 200 OK');
  await server.waitFor('stdout', /signed 1/);
  expect(server.linesSince(mark)).toEqual(['X-Hub-Signature-256 verified', 'signed 1']);
});

it('refuses the same delivery with one byte changed after signing', async () => {
  const bytes = body(2);
  const signature = sign(bytes);
  bytes[bytes.length - 3] ^= 1;
  expect(await sendInPieces('/signed', bytes, signature, 40)).toBe('HTTP/1.1 401 Unauthorized');
  expect(server.stdout).not.toContain('signed 2');
});

it('lets go of a request whose client leaves in the middle of its body, and drains at shutdown with nothing in flight', async () => {
  const url = new URL(server.url);
  const errMark = server.stderr.length;
  await new Promise<void>((resolve, reject) => {
    const socket = connect(Number(url.port), url.hostname, () => {
      socket.write(`POST /plain HTTP/1.1\r\nHost: ${url.host}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"n": 3, "pad": "`, () => socket.destroy());
    });
    socket.on('close', () => resolve());
    socket.on('error', reject);
  });
  // the server notices the client leaving: that request ends with a logged error, no action run
  // (Node's own "aborted", or the reader's message when the connection's close comes first)
  await server.waitFor('stderr', /POST \/plain: (?:aborted|the client closed the connection before the end of the body)/);
  expect((await server.post('/plain', { n: 4 })).status).toBe(200);
  expect(server.stdout).toContain('plain 4');
  expect(server.stdout).not.toContain('plain 3');
  expect(await server.stop()).toBe(0);
  expect(server.stderr.slice(errMark)).not.toContain('still unanswered');
});
