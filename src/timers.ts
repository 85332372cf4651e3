/**
 * The longest a timer can wait, in seconds. Timers take a signed 32-bit count of
 * milliseconds (2^31 - 1 ms, about 24.8 days); a longer one fires after 1 ms, so a
 * timeout meant as "a month" would cut every call off at once. Here rather than in
 * src/config/ because actions check rendered values with it inside Lambda and Worker
 * bundles, which carry no config loader.
 */
export const MAX_TIMER_SECONDS = Math.floor((2 ** 31 - 1) / 1000);
