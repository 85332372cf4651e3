import { MAX_TIMER_SECONDS } from '../timers.js';

/** The longest duration a setting may hold, in seconds: past it a timer would fire at once. */
export const MAX_SECONDS = MAX_TIMER_SECONDS;

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
