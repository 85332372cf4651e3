import { afterEach, expect, it } from 'vitest';
import { runCli, ServerProcess, writeConfig } from '../helpers/cli.js';
import { clientOf, whoConfig } from './who-endpoint.js';

// server.trust_proxy over real HTTP: the Node server takes the peer from the socket (127.0.0.1, the
// test's connections) and believes the forwarding headers only when that peer is a trusted proxy.
// How the headers are read is in trust-proxy-headers.test.ts; the config's refusals are `check`'s.
let server: ServerProcess | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

it('a peer in the list of proxies: the rightmost address that is not one of them', async () => {
  server = await ServerProcess.start(whoConfig('[127.0.0.1, "10.0.0.0/8"]'));
  expect(await clientOf(server!, { 'X-Forwarded-For': '198.51.100.1, 203.0.113.7, 10.1.2.3' })).toBe('203.0.113.7');
  expect(await clientOf(server!, {})).toBe('127.0.0.1');
});

it('a spoofed header from an untrusted peer is ignored', async () => {
  // the peer (127.0.0.1) is not in the list: it is the client, whatever it claims
  server = await ServerProcess.start(whoConfig('["10.0.0.0/8"]'));
  expect(await clientOf(server!, { 'X-Forwarded-For': '203.0.113.66' })).toBe('127.0.0.1');
});

it('refuses values that are not on, off, a hop count or a list of addresses and CIDRs', async () => {
  for (const [value, reason] of [
    ['"10.0.0.1"', /server\.trust_proxy.*a single address is written as a list: \[10\.0\.0\.1\]/],
    ['[10.0.0.0/33]', /server\.trust_proxy.*"10\.0\.0\.0\/33" is not an IP address or CIDR/],
    ['[localhost]', /server\.trust_proxy.*"localhost" is not an IP address or CIDR/],
    ['-1', /server\.trust_proxy.*must be true, false, a number of proxy hops/],
    ['{ a: 1 }', /server\.trust_proxy.*must be true, false, a number of proxy hops/],
  ] as const) {
    const result = await runCli(['check', writeConfig(whoConfig(value))]);
    expect(result.code, value).toBe(1);
    expect(result.stderr, value).toMatch(reason);
  }
});
