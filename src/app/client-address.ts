/**
 * The client's address for logs and `request.remote_addr` (docs/operations.md, "Client address").
 * Without `server.trust_proxy` it is the address the platform reports (the socket's peer on Node,
 * CF-Connecting-IP on Workers, the Function URL's sourceIp on Lambda). With it, the addresses a
 * proxy appended to `X-Forwarded-For` (or, without that header, `Forwarded`) are walked from the
 * right, nearest hop first, and the first one not trusted is the client's.
 */

/** `server.trust_proxy` as written: off, every hop, a number of hops, or the trusted proxies' addresses and CIDRs. */
export type TrustProxySetting = boolean | number | readonly string[];

interface Network {
  readonly bytes: Uint8Array;
  readonly prefix: number;
}

/** Picks the client's address from the platform's address and the request's headers. */
export type ClientAddress = (peer: string, headers: Headers) => string;

export function clientAddressOf(setting: TrustProxySetting): ClientAddress {
  if (setting === false || setting === 0) return (peer) => peer;
  if (setting === true) return (peer, headers) => pick(peer, headers, (hops) => hops.length - 1);
  if (typeof setting === 'number') return (peer, headers) => pick(peer, headers, (hops) => Math.min(setting, hops.length - 1));
  const networks = setting.map((entry) => {
    const network = parseNetwork(entry);
    if (!network) throw new Error(`server.trust_proxy: "${entry}" is not an IP address or CIDR`);
    return network;
  });
  const trusted = (address: Uint8Array) => networks.some((network) => contains(network, address));
  return (peer, headers) =>
    pick(peer, headers, (hops, bytes) => {
      let i = 0;
      while (i < hops.length - 1 && trusted(bytes[i]!)) i++;
      return i;
    });
}

/**
 * `hops` runs from the peer (0) to the leftmost forwarded address; `choose` names the client's
 * index. An entry that is not an address (`unknown`, an obfuscated `Forwarded` name, garbage)
 * ends the list: nothing to its left can be checked, and none of it may reach a log line.
 */
function pick(peer: string, headers: Headers, choose: (hops: readonly string[], bytes: readonly Uint8Array[]) => number): string {
  const peerBytes = parseAddress(peer);
  if (!peerBytes) return peer;
  const hops = [peer];
  const bytes = [peerBytes];
  for (const entry of forwardedFor(headers).reverse()) {
    const address = stripPort(entry);
    const parsed = parseAddress(address);
    if (!parsed) break;
    hops.push(address);
    bytes.push(parsed);
  }
  return hops[choose(hops, bytes)]!;
}

/**
 * The forwarded addresses, leftmost (furthest) first. X-Forwarded-For is what nearly every proxy
 * sets, so when it is there `Forwarded` is not read: a client's own `Forwarded` header, which such
 * a proxy passes on untouched, must not name the client.
 */
function forwardedFor(headers: Headers): string[] {
  const xff = headers.get('x-forwarded-for');
  if (xff !== null) return xff.split(',').map((entry) => entry.trim());
  const forwarded = headers.get('forwarded');
  if (forwarded === null) return [];
  const addresses: string[] = [];
  for (const element of forwarded.split(',')) {
    // an element without for= stops the list, as an unparsable address does
    const pair = element
      .split(';')
      .map((part) => part.trim())
      .find((part) => /^for=/i.test(part));
    addresses.push(pair ? pair.slice(4).replace(/^"(.*)"$/, '$1') : '');
  }
  return addresses;
}

/** `1.2.3.4:80` → `1.2.3.4`; `[::1]:80` and `[::1]` → `::1`. */
function stripPort(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1]!;
  const v4 = /^(\d+\.\d+\.\d+\.\d+):\d+$/.exec(entry);
  return v4 ? v4[1]! : entry;
}

/** An address or a CIDR (`10.0.0.0/8`, `2001:db8::/32`); a bare address is a network of one. */
export function parseNetwork(text: string): Network | null {
  const [address, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined || address === undefined) return null;
  const bytes = parseAddress(address);
  if (!bytes) return null;
  const bits = bytes.length * 8;
  if (prefixText === undefined) return { bytes, prefix: bits };
  if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > bits) return null;
  return { bytes, prefix: Number(prefixText) };
}

function contains(network: Network, address: Uint8Array): boolean {
  if (network.bytes.length !== address.length) return false;
  for (let bit = 0; bit < network.prefix; bit += 8) {
    const mask = network.prefix - bit >= 8 ? 0xff : (0xff << (8 - (network.prefix - bit))) & 0xff;
    if ((network.bytes[bit / 8]! & mask) !== (address[bit / 8]! & mask)) return false;
  }
  return true;
}

/**
 * IPv4 as 4 bytes, IPv6 as 16. An IPv4-mapped IPv6 address (`::ffff:127.0.0.1`, what a dual-stack
 * Node socket reports for an IPv4 client) is its IPv4 address, so `127.0.0.1` in a list matches it.
 */
export function parseAddress(text: string): Uint8Array | null {
  const v4 = parseIPv4(text);
  if (v4) return v4;
  const v6 = parseIPv6(text);
  if (v6 && v6.slice(0, 10).every((byte) => byte === 0) && v6[10] === 0xff && v6[11] === 0xff) return v6.slice(12);
  return v6;
}

function parseIPv4(text: string): Uint8Array | null {
  const parts = text.split('.');
  if (parts.length !== 4) return null;
  const bytes = new Uint8Array(4);
  for (let i = 0; i < 4; i++) {
    if (!/^(?:0|[1-9]\d{0,2})$/.test(parts[i]!) || Number(parts[i]) > 255) return null;
    bytes[i] = Number(parts[i]);
  }
  return bytes;
}

function parseIPv6(text: string): Uint8Array | null {
  // a zone (`fe80::1%eth0`) names an interface of this host, not a different address
  const address = text.replace(/%[\w.-]+$/, '');
  if (!/^[0-9a-fA-F:.]+$/.test(address) || address.split('::').length > 2) return null;
  const [head, tail] = address.includes('::') ? address.split('::') : [address, undefined];
  const groups = (part: string | undefined): number[] | null => {
    if (!part) return [];
    const out: number[] = [];
    const pieces = part.split(':');
    for (let i = 0; i < pieces.length; i++) {
      const piece = pieces[i]!;
      if (i === pieces.length - 1 && piece.includes('.')) {
        const v4 = parseIPv4(piece);
        if (!v4) return null;
        out.push((v4[0]! << 8) | v4[1]!, (v4[2]! << 8) | v4[3]!);
      } else if (/^[0-9a-fA-F]{1,4}$/.test(piece)) {
        out.push(parseInt(piece, 16));
      } else {
        return null;
      }
    }
    return out;
  };
  const left = groups(head);
  const right = groups(tail);
  if (!left || !right) return null;
  const missing = 8 - left.length - right.length;
  if (tail === undefined ? missing !== 0 : missing < 1) return null;
  const all = [...left, ...new Array<number>(tail === undefined ? 0 : missing).fill(0), ...right];
  const bytes = new Uint8Array(16);
  all.forEach((group, i) => {
    bytes[i * 2] = group >> 8;
    bytes[i * 2 + 1] = group & 0xff;
  });
  return bytes;
}
