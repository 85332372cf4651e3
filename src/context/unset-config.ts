/**
 * Which `read_config` keys a render read while they were unset and had no default.
 *
 * An unset key renders `None` (as in the original), and a secret or a rule built from it would
 * then be the public text `None`: a request signed with the key `None`, or sending the header
 * `X-Auth-Key: None`, would pass. Renders of secrets and rules are therefore watched, and one that
 * read an unset key is never used. Template rendering is synchronous, so one collector at a time
 * is enough.
 */
let collector: Set<string> | null = null;

/** Called by `read_config` when it falls back to its implicit `None` default. */
export function noteUnsetConfig(key: string): void {
  collector?.add(key);
}

/** Runs a (synchronous) render and returns its result with the unset keys it read. */
export function watchUnsetConfig<T>(render: () => T): { value: T; unset: string[] } {
  const outer = collector;
  const keys = new Set<string>();
  collector = keys;
  try {
    const value = render();
    return { value, unset: [...keys] };
  } finally {
    collector = outer;
    if (outer) for (const key of keys) outer.add(key);
  }
}

/** Texts a secret renders to when its source was not configured: never a usable key. */
export function isUnsetText(text: string): boolean {
  const trimmed = text.trim();
  return trimmed === '' || trimmed === 'None' || trimmed === 'null' || trimmed === 'undefined';
}

const WARN_EVERY_MS = 60_000;
const lastWarned = new Map<string, number>();

/**
 * Says on stderr which unset key made `where` refuse a request: once per key a minute, so a
 * flood of requests cannot flood the log.
 */
export function warnUnsetConfig(runtime: { stderr(line: string): void }, keys: readonly string[], where: string): void {
  const now = Date.now();
  for (const key of keys) {
    const last = lastWarned.get(key);
    if (last !== undefined && now - last < WARN_EVERY_MS) continue;
    if (lastWarned.size >= 1000) lastWarned.clear();
    lastWarned.set(key, now);
    runtime.stderr(`configuration key "${key}" is not set (read_config without a default): ${where} refuses requests until it is set`);
  }
}
