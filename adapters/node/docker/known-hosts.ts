import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Checks a server's host key against OpenSSH known_hosts text. Supports plain host names
 * (`host`, `[host]:port`, comma-separated lists) and hashed entries (`|1|salt|hash`); negated
 * and wildcard patterns and `@revoked`/`@cert-authority` markers are not matched (never trusted).
 */
export function isKnownHostKey(knownHosts: string, host: string, port: number, key: Buffer): boolean {
  const name = port === 22 ? host : `[${host}]:${port}`;
  for (const rawLine of knownHosts.split('\n')) {
    const line = rawLine.trim();
    if (line === '' || line.startsWith('#') || line.startsWith('@')) continue;
    const [patterns, , base64Key] = line.split(/\s+/);
    if (!patterns || !base64Key) continue;
    if (!patterns.split(',').some((pattern) => hostMatches(pattern, name))) continue;
    const known = Buffer.from(base64Key, 'base64');
    if (known.length === key.length && timingSafeEqual(known, key)) return true;
  }
  return false;
}

function hostMatches(pattern: string, name: string): boolean {
  if (!pattern.startsWith('|1|')) return pattern === name;
  const [, , salt, hash] = pattern.split('|');
  if (!salt || !hash) return false;
  const digest = createHmac('sha1', Buffer.from(salt, 'base64')).update(name).digest();
  const expected = Buffer.from(hash, 'base64');
  return digest.length === expected.length && timingSafeEqual(digest, expected);
}
