import { afterEach, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';

// server.trust_proxy: the client address on the access line and in request.remote_addr, in
// process; the peer (the "proxy") is 127.0.0.1, as the test's connections are on the Node server,
// where the socket's own address is tested (trust-proxy-node.test.ts).
const config = (trust: string) => `
server: { port: 0${trust ? `, trust_proxy: ${trust}` : ''} }
endpoints:
  - /who:
      actions:
        - log: { message: 'addr={{ request.remote_addr }}' }
`;

let server: InProcessServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** The address the server took for a request with these headers: in the template and on the access line. */
async function clientOf(headers: Record<string, string>): Promise<string> {
  const id = `t${Math.random().toString(36).slice(2)}`;
  const mark = server!.stdout.length;
  await server!.post('/who', undefined, { ...headers, 'X-Request-Id': id });
  const [printed] = server!.linesSince(mark);
  const access = server!.stderr.split('\n').find((line) => line.endsWith(`[${id}]`)) ?? '';
  const logged = access.split(' ')[0];
  expect(printed).toBe(`addr=${logged}`);
  return logged!;
}

it('off (the default): X-Forwarded-For and Forwarded are ignored, whatever they say', async () => {
  server = await InProcessServer.start(config(''), { accessLog: true });
  expect(await clientOf({})).toBe('127.0.0.1');
  expect(await clientOf({ 'X-Forwarded-For': '203.0.113.66' })).toBe('127.0.0.1');
  expect(await clientOf({ Forwarded: 'for=203.0.113.66' })).toBe('127.0.0.1');
});

it('true: the leftmost X-Forwarded-For address', async () => {
  server = await InProcessServer.start(config('true'), { accessLog: true });
  expect(await clientOf({})).toBe('127.0.0.1');
  expect(await clientOf({ 'X-Forwarded-For': '203.0.113.7, 10.0.0.2' })).toBe('203.0.113.7');
});

it('a hop count: that many proxies are believed, counted from this server', async () => {
  server = await InProcessServer.start(config('1'), { accessLog: true });
  // one proxy (127.0.0.1) appended the address it saw: anything the client wrote before is ignored
  expect(await clientOf({ 'X-Forwarded-For': '198.51.100.1, 203.0.113.7' })).toBe('203.0.113.7');
  expect(await clientOf({})).toBe('127.0.0.1');

  server = await InProcessServer.start(config('2'), { accessLog: true });
  expect(await clientOf({ 'X-Forwarded-For': '198.51.100.1, 203.0.113.7, 10.0.0.2' })).toBe('203.0.113.7');
  // fewer addresses than hops: the furthest one there is
  expect(await clientOf({ 'X-Forwarded-For': '203.0.113.8' })).toBe('203.0.113.8');
});

it('a list of proxies: the rightmost address that is not one of them', async () => {
  server = await InProcessServer.start(config('[127.0.0.1, "10.0.0.0/8", "2001:db8::/32"]'), { accessLog: true });
  expect(await clientOf({ 'X-Forwarded-For': '198.51.100.1, 203.0.113.7, 10.1.2.3, 2001:db8::5' })).toBe('203.0.113.7');
  expect(await clientOf({ 'X-Forwarded-For': '198.51.100.9' })).toBe('198.51.100.9');
  // Forwarded (RFC 7239) when there is no X-Forwarded-For: quoted, bracketed IPv6 with a port
  expect(await clientOf({ Forwarded: 'for="[2001:db8:cafe::17]:4711", for=10.0.0.1;proto=https' })).toBe('2001:db8:cafe::17');
  // X-Forwarded-For wins over a Forwarded header the proxy passed on untouched
  expect(await clientOf({ 'X-Forwarded-For': '203.0.113.5', Forwarded: 'for=192.0.2.99' })).toBe('203.0.113.5');
  // a garbage entry ends the walk at the last address that could be checked
  expect(await clientOf({ 'X-Forwarded-For': '203.0.113.1, evil\u00a0, 10.0.0.4' })).toBe('10.0.0.4');
});
