import { base64ToBytes } from '../encoding/base64.js';
import { SignatureError } from './action-error.js';

/**
 * What the verify actions share: HMAC over raw bytes with WebCrypto (the core runs on Workers,
 * so no node:crypto), constant-time compares, header and timestamp checks whose messages name
 * the header and the reason but never a secret or an expected signature.
 */

export type HashName = 'SHA-1' | 'SHA-256' | 'SHA-512';

/**
 * At most this many signatures in one header are looked at. Senders list several only while a
 * secret is rotated; more is an attempt to make the server work for an unauthenticated request.
 */
export const MAX_SIGNATURES = 10;

const encoder = new TextEncoder();

function importHmacKey(secret: string, hash: HashName, usage: 'sign' | 'verify'): Promise<CryptoKey> {
  return crypto.subtle.importKey('raw', encoder.encode(secret) as BufferSource, { name: 'HMAC', hash }, false, [usage]);
}

/** The HMAC of `data`: for schemes where several candidate signatures are compared to one MAC. */
export async function hmacOf(secret: string, hash: HashName, data: Uint8Array): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.sign('HMAC', await importHmacKey(secret, hash, 'sign'), data as BufferSource));
}

/** Whether `signature` is the HMAC of `data`; WebCrypto's verify compares in constant time. */
export async function hmacMatches(secret: string, hash: HashName, signature: Uint8Array, data: Uint8Array): Promise<boolean> {
  return crypto.subtle.verify('HMAC', await importHmacKey(secret, hash, 'verify'), signature as BufferSource, data as BufferSource);
}

/**
 * Constant-time for inputs of one length: every byte is looked at, no early exit. The length
 * itself is not secret here (a MAC's length is fixed by its algorithm).
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let difference = 0;
  for (let i = 0; i < a.length; i++) difference |= a[i]! ^ b[i]!;
  return difference === 0;
}

/**
 * Compares a presented token with the configured one. Both are hashed first, so the time taken
 * says nothing about the token's length or how many leading bytes matched.
 */
export async function tokensEqual(presented: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([presented, expected].map(async (text) => new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text) as BufferSource))));
  return equalBytes(a!, b!);
}

/** Lower- or upper-case hex, whole bytes only; null otherwise. */
export function hexToBytes(hex: string): Uint8Array | null {
  if (!/^(?:[0-9a-fA-F]{2})+$/.test(hex)) return null;
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) bytes[i] = Number.parseInt(hex.slice(i * 2, i * 2 + 2), 16);
  return bytes;
}

/** Standard or URL-safe base64, padded or not; null otherwise. */
export function base64AnyToBytes(text: string): Uint8Array | null {
  const standard = text.replaceAll('-', '+').replaceAll('_', '/');
  return base64ToBytes(standard.length % 4 === 0 ? standard : standard + '='.repeat(4 - (standard.length % 4)));
}

/** Text and raw bytes joined into one byte string: what a scheme signs (`t.body`, `v0:t:body`). */
export function joinBytes(...parts: (string | Uint8Array)[]): Uint8Array {
  const chunks = parts.map((part) => (typeof part === 'string' ? encoder.encode(part) : part));
  const joined = new Uint8Array(chunks.reduce((total, chunk) => total + chunk.length, 0));
  let offset = 0;
  for (const chunk of chunks) {
    joined.set(chunk, offset);
    offset += chunk.length;
  }
  return joined;
}

/** The first of `names` the request carries with a value, trimmed; a 401 naming them all when none. */
export function requireOneOf(headers: Headers, names: readonly string[]): { name: string; value: string } {
  for (const name of names) {
    const value = headers.get(name)?.trim();
    if (value) return { name, value };
  }
  throw new SignatureError(`missing ${names.join(' or ')}`);
}

/** The header's value, trimmed, or a 401 naming it. */
export function requireHeader(headers: Headers, name: string): string {
  return requireOneOf(headers, [name]).value;
}

/** Exactly `bytes` bytes in hex, else null. The length is checked first: nothing oversized is decoded. */
export function hexOfLength(text: string, bytes: number): Uint8Array | null {
  return text.length === bytes * 2 ? hexToBytes(text) : null;
}

/**
 * The signature of a header written `<prefix><hex>` (`sha256=…`, `v0=…`, or no prefix), of exactly
 * `bytes` bytes; a 401 naming the header and the form it should have otherwise.
 */
export function hexSignature(value: string, header: string, prefix: string, bytes: number): Uint8Array {
  const signature = value.startsWith(prefix) ? hexOfLength(value.slice(prefix.length), bytes) : null;
  if (signature) return signature;
  const digits = `${bytes * 2} hex digits`;
  throw new SignatureError(`malformed ${header} (expected ${prefix ? `${prefix}<${digits}>` : digits})`);
}

/** A 401 unless `signature` is the HMAC of `data` (WebCrypto's verify: constant time). */
export async function requireHmac(secret: string, hash: HashName, signature: Uint8Array, data: Uint8Array): Promise<void> {
  if (!(await hmacMatches(secret, hash, signature, data))) throw new SignatureError('signature mismatch');
}

/**
 * A Unix timestamp in seconds from a header, within `tolerance` seconds of `now` either way:
 * a captured request cannot be replayed later, nor one dated ahead be kept for later.
 */
export function checkTimestamp(text: string, header: string, tolerance: number, now: number): number {
  if (!/^\d{1,15}$/.test(text)) throw new SignatureError(`invalid ${header} (not a Unix time in seconds)`);
  const timestamp = Number(text);
  if (now - timestamp > tolerance) throw new SignatureError(`timestamp ${now - timestamp} s old (tolerance ${tolerance} s)`);
  if (timestamp - now > tolerance) throw new SignatureError(`timestamp ${timestamp - now} s in the future (tolerance ${tolerance} s)`);
  return timestamp;
}

/** The current Unix time in seconds. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
