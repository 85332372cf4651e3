import { afterEach, expect, it } from 'vitest';
import { runCli, ServerProcess, writeConfig } from '../helpers/cli.js';

// server.trust_proxy over real HTTP: the client address on the access line and in
// request.remote_addr. The test's connections come from 127.0.0.1, the "proxy".
const config = (trust: string) => `
server: { port: 0${trust ? `, trust_proxy: ${trust}` : ''} }
endpoints:
  - /who:
      actions:
        - log: { message: 'addr={{ request.remote_addr }}' }
`;

let server: ServerProcess | undefined;
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
  server = await ServerProcess.start(config(''));
  expect(await clientOf({})).toBe('127.0.0.1');
  expect(await clientOf({ 'X-Forwarded-For': '203.0.113.66' })).toBe('127.0.0.1');
  expect(await clientOf({ Forwarded: 'for=203.0.113.66' })).toBe('127.0.0.1');
});

it('true: the leftmost X-Forwarded-For address', async () => {
  server = await ServerProcess.start(config('true'));
  expect(await clientOf({})).toBe('127.0.0.1');
  expect(await clientOf({ 'X-Forwarded-For': '203.0.113.7, 10.0.0.2' })).toBe('203.0.113.7');
});

it('a hop count: that many proxies are believed, counted from this server', async () => {
  server = await ServerProcess.start(config('1'));
  // one proxy (127.0.0.1) appended the address it saw: anything the client wrote before is ignored
  expect(await clientOf({ 'X-Forwarded-For': '198.51.100.1, 203.0.113.7' })).toBe('203.0.113.7');
  expect(await clientOf({})).toBe('127.0.0.1');
  await server.stop();

  server = await ServerProcess.start(config('2'));
  expect(await clientOf({ 'X-Forwarded-For': '198.51.100.1, 203.0.113.7, 10.0.0.2' })).toBe('203.0.113.7');
  // fewer addresses than hops: the furthest one there is
  expect(await clientOf({ 'X-Forwarded-For': '203.0.113.8' })).toBe('203.0.113.8');
});

it('a list of proxies: the rightmost address that is not one of them', async () => {
  server = await ServerProcess.start(config('[127.0.0.1, "10.0.0.0/8", "2001:db8::/32"]'));
  expect(await clientOf({ 'X-Forwarded-For': '198.51.100.1, 203.0.113.7, 10.1.2.3, 2001:db8::5' })).toBe('203.0.113.7');
  expect(await clientOf({ 'X-Forwarded-For': '198.51.100.9' })).toBe('198.51.100.9');
  // Forwarded (RFC 7239) when there is no X-Forwarded-For: quoted, bracketed IPv6 with a port
  expect(await clientOf({ Forwarded: 'for="[2001:db8:cafe::17]:4711", for=10.0.0.1;proto=https' })).toBe('2001:db8:cafe::17');
  // X-Forwarded-For wins over a Forwarded header the proxy passed on untouched
  expect(await clientOf({ 'X-Forwarded-For': '203.0.113.5', Forwarded: 'for=192.0.2.99' })).toBe('203.0.113.5');
  // a garbage entry ends the walk at the last address that could be checked
  expect(await clientOf({ 'X-Forwarded-For': '203.0.113.1, evil\u00a0, 10.0.0.4' })).toBe('10.0.0.4');
});

it('a spoofed header from an untrusted peer is ignored', async () => {
  // the peer (127.0.0.1) is not in the list: it is the client, whatever it claims
  server = await ServerProcess.start(config('["10.0.0.0/8"]'));
  expect(await clientOf({ 'X-Forwarded-For': '203.0.113.66' })).toBe('127.0.0.1');
});

it('refuses values that are not on, off, a hop count or a list of addresses and CIDRs', async () => {
  for (const [value, reason] of [
    ['"10.0.0.1"', /server\.trust_proxy.*a single address is written as a list: \[10\.0\.0\.1\]/],
    ['[10.0.0.0/33]', /server\.trust_proxy.*"10\.0\.0\.0\/33" is not an IP address or CIDR/],
    ['[localhost]', /server\.trust_proxy.*"localhost" is not an IP address or CIDR/],
    ['-1', /server\.trust_proxy.*must be true, false, a number of proxy hops/],
    ['{ a: 1 }', /server\.trust_proxy.*must be true, false, a number of proxy hops/],
  ] as const) {
    const result = await runCli(['check', writeConfig(config(value))]);
    expect(result.code, value).toBe(1);
    expect(result.stderr, value).toMatch(reason);
  }
});
