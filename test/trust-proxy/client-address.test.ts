import { expect, it } from 'vitest';
import { clientAddressOf, parseAddress, parseNetwork } from '../../src/app/client-address.js';

// The address walk itself, on the cases an HTTP test cannot easily produce: IPv6 peers, mapped
// addresses, prefixes that are not whole bytes, Forwarded's obfuscated names.
const headers = (init: Record<string, string>) => new Headers(init);

it('parses IPv4 and IPv6 (compressed, embedded IPv4, zone) and refuses the rest', () => {
  expect(parseAddress('192.0.2.1')).toEqual(new Uint8Array([192, 0, 2, 1]));
  expect(parseAddress('::1')).toEqual(new Uint8Array([...new Array(15).fill(0), 1]));
  expect(parseAddress('2001:db8::ff00:42:8329')).toHaveLength(16);
  expect(parseAddress('::ffff:10.1.2.3')).toEqual(new Uint8Array([10, 1, 2, 3]));
  expect(parseAddress('fe80::1%eth0')).toHaveLength(16);
  for (const bad of ['', 'localhost', '1.2.3', '1.2.3.256', '01.2.3.4', '1::2::3', '1:2:3:4:5:6:7:8:9', '1:2:3:4:5:6:7', 'unknown', '_hidden', '::ffff:1.2.3']) {
    expect(parseAddress(bad), bad).toBeNull();
  }
  expect(parseNetwork('10.0.0.0/8')).toEqual({ bytes: new Uint8Array([10, 0, 0, 0]), prefix: 8 });
  expect(parseNetwork('2001:db8::/129')).toBeNull();
  expect(parseNetwork('10.0.0.0/')).toBeNull();
});

it('a list: prefixes that are not whole bytes, IPv6 peers, mapped IPv4 peers', () => {
  const client = clientAddressOf(['172.16.0.0/12', 'fd00::/8']);
  expect(client('172.31.255.255', headers({ 'x-forwarded-for': '203.0.113.1' }))).toBe('203.0.113.1');
  expect(client('172.32.0.1', headers({ 'x-forwarded-for': '203.0.113.1' }))).toBe('172.32.0.1');
  expect(client('fd12::1', headers({ 'x-forwarded-for': '2001:db8::7' }))).toBe('2001:db8::7');
  expect(client('::ffff:172.16.0.9', headers({ 'x-forwarded-for': '[2001:db8::8]:443' }))).toBe('2001:db8::8');
  expect(client('fd12::1', headers({}))).toBe('fd12::1');
});

it('Forwarded: for= of each element, obfuscated names and missing for= end the walk', () => {
  const client = clientAddressOf(['10.0.0.0/8']);
  expect(client('10.0.0.1', headers({ forwarded: 'for=192.0.2.60;proto=http;by=203.0.113.43, for="10.0.0.7:8080"' }))).toBe('192.0.2.60');
  expect(client('10.0.0.1', headers({ forwarded: 'for=192.0.2.60, for=_hidden' }))).toBe('10.0.0.1');
  expect(client('10.0.0.1', headers({ forwarded: 'for=192.0.2.60, proto=https' }))).toBe('10.0.0.1');
  expect(client('10.0.0.1', headers({ forwarded: 'For="[2001:db8:cafe::17]:4711"' }))).toBe('2001:db8:cafe::17');
});

it('off and 0 never read the headers; an unparsable peer is kept as it is', () => {
  for (const off of [false, 0] as const) expect(clientAddressOf(off)('10.0.0.1', headers({ 'x-forwarded-for': '203.0.113.1' }))).toBe('10.0.0.1');
  expect(clientAddressOf(true)('', headers({ 'x-forwarded-for': '203.0.113.1' }))).toBe('');
});
