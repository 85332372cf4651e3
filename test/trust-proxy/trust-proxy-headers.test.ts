import { afterEach, expect, it } from 'vitest';
import { InProcessServer } from '../helpers/in-process.js';
import { clientOf, whoConfig } from './who-endpoint.js';

// server.trust_proxy: the client address on the access line and in request.remote_addr, in
// process; the peer (the "proxy") is 127.0.0.1, as the test's connections are on the Node server,
// where the socket's own address is tested (trust-proxy-node.test.ts).
let server: InProcessServer | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

it('off (the default): X-Forwarded-For and Forwarded are ignored, whatever they say', async () => {
  server = await InProcessServer.start(whoConfig(''), { accessLog: true });
  expect(await clientOf(server!, {})).toBe('127.0.0.1');
  expect(await clientOf(server!, { 'X-Forwarded-For': '203.0.113.66' })).toBe('127.0.0.1');
  expect(await clientOf(server!, { Forwarded: 'for=203.0.113.66' })).toBe('127.0.0.1');
});

it('true: the leftmost X-Forwarded-For address', async () => {
  server = await InProcessServer.start(whoConfig('true'), { accessLog: true });
  expect(await clientOf(server!, {})).toBe('127.0.0.1');
  expect(await clientOf(server!, { 'X-Forwarded-For': '203.0.113.7, 10.0.0.2' })).toBe('203.0.113.7');
});

it('a hop count: that many proxies are believed, counted from this server', async () => {
  server = await InProcessServer.start(whoConfig('1'), { accessLog: true });
  // one proxy (127.0.0.1) appended the address it saw: anything the client wrote before is ignored
  expect(await clientOf(server!, { 'X-Forwarded-For': '198.51.100.1, 203.0.113.7' })).toBe('203.0.113.7');
  expect(await clientOf(server!, {})).toBe('127.0.0.1');

  server = await InProcessServer.start(whoConfig('2'), { accessLog: true });
  expect(await clientOf(server!, { 'X-Forwarded-For': '198.51.100.1, 203.0.113.7, 10.0.0.2' })).toBe('203.0.113.7');
  // fewer addresses than hops: the furthest one there is
  expect(await clientOf(server!, { 'X-Forwarded-For': '203.0.113.8' })).toBe('203.0.113.8');
});

it('a list of proxies: the rightmost address that is not one of them', async () => {
  server = await InProcessServer.start(whoConfig('[127.0.0.1, "10.0.0.0/8", "2001:db8::/32"]'), { accessLog: true });
  expect(await clientOf(server!, { 'X-Forwarded-For': '198.51.100.1, 203.0.113.7, 10.1.2.3, 2001:db8::5' })).toBe('203.0.113.7');
  expect(await clientOf(server!, { 'X-Forwarded-For': '198.51.100.9' })).toBe('198.51.100.9');
  // Forwarded (RFC 7239) when there is no X-Forwarded-For: quoted, bracketed IPv6 with a port
  expect(await clientOf(server!, { Forwarded: 'for="[2001:db8:cafe::17]:4711", for=10.0.0.1;proto=https' })).toBe('2001:db8:cafe::17');
  // X-Forwarded-For wins over a Forwarded header the proxy passed on untouched
  expect(await clientOf(server!, { 'X-Forwarded-For': '203.0.113.5', Forwarded: 'for=192.0.2.99' })).toBe('203.0.113.5');
  // a garbage entry ends the walk at the last address that could be checked
  expect(await clientOf(server!, { 'X-Forwarded-For': '203.0.113.1, evil\u00a0, 10.0.0.4' })).toBe('10.0.0.4');
});
