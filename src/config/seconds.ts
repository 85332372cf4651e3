/**
 * The longest duration a setting may hold, in seconds. Timers take a signed 32-bit
 * count of milliseconds (2^31 - 1 ms, about 24.8 days); a longer one fires after 1 ms,
 * so a timeout meant as "a month" would cut every call off at once.
 */
export const MAX_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/**
 * A duration setting (`timeout: 30`, `seconds: '1.5'`) as a number of seconds, or
 * the reason it is not one: negative, not a number, or past MAX_SECONDS.
 */
export function parseSeconds(value: unknown): { seconds: number } | { reason: string } {
  const seconds = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) {
    return { reason: `must be a number of seconds, not ${JSON.stringify(value)}` };
  }
  if (seconds > MAX_SECONDS) {
    return { reason: `must be at most ${MAX_SECONDS} seconds (about 24 days, the longest a timer can wait), not ${seconds}` };
  }
  return { seconds };
}
