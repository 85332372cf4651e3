import { connect, type Socket } from 'node:net';
import { expect, it } from 'vitest';
import { ServerProcess } from '../helpers/cli.js';

// The container image's HEALTHCHECK probes GET /healthz: 200 means "serving", anything else
// (an error status or no answer) marks the container unhealthy.
const CONFIG = `
server: { port: 0, shutdown_timeout: 10 }
endpoints:
  - /slow:
      async: true
      actions:
        - sleep: { seconds: 2, output: 'started {{ request.json.n }}' }
        - log: { message: 'finished {{ request.json.n }}' }
`;

it('answers 200 "ok" while serving, with the request id every answer carries', async () => {
  const server = await ServerProcess.start(CONFIG);
  try {
    const probe = await server.request('/healthz', { headers: { 'X-Request-Id': 'probe-1' } });
    expect(probe.status).toBe(200);
    expect(probe.text).toBe('ok\n');
    expect(probe.headers.get('x-request-id')).toBe('probe-1');
  } finally {
    await server.stop();
  }
});

it('answers 503 "draining" after SIGTERM while an async action still runs, then exits 0 once it finished', async () => {
  const server = await ServerProcess.start(CONFIG);
  expect((await server.post('/slow', { n: 7 })).status).toBe(200);
  await server.waitFor('stdout', /started 7/);

  // a probe already under way when the drain starts (its request line is sent, the headers are not
  // finished): the server finishes it rather than dropping the connection
  const probe = await openProbe(server.url);
  probe.socket.write('GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n');
  await new Promise((resolve) => setTimeout(resolve, 100));
  server.child.kill('SIGTERM');
  await server.waitFor('stderr', /received SIGTERM: no longer accepting requests/);
  probe.socket.write('Connection: close\r\n\r\n');
  const answer = await probe.response;
  expect(answer).toMatch(/^HTTP\/1\.1 503 /);
  expect(answer).toMatch(/\r\n\r\ndraining\n$/);

  // a new probe during the drain gets the 503 too, and so does a new webhook
  const late = await server.request('/healthz');
  expect(late).toMatchObject({ status: 503, text: 'draining\n' });
  expect((await server.post('/slow', { n: 8 })).status).toBe(503);

  expect(server.stdout).not.toContain('finished 7');
  expect(await server.exited).toBe(0);
  expect(server.stdout).toContain('finished 7\n');
  expect(server.stdout).not.toContain('started 8');
});

/** A raw connection, so the test controls when the request's headers end. */
function openProbe(url: string): Promise<{ socket: Socket; response: Promise<string> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname, () => {
      let text = '';
      const response = new Promise<string>((done) => {
        socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
        socket.on('close', () => done(text));
      });
      resolve({ socket, response });
    });
    socket.once('error', reject);
  });
}
