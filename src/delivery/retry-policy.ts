/** An endpoint's `retry` (async endpoints only): how often and how far apart a delivery is attempted. */
export interface RetryPolicy {
  /** Attempts in all, the first included; 1: no retry. */
  readonly attempts: number;
  /** Seconds before the first retry; each later wait doubles. */
  readonly delaySeconds: number;
  /** The longest one wait may be, in seconds. */
  readonly maxDelaySeconds: number;
}

/** Without `retry`: one attempt, as before the journal. */
export const NO_RETRY: RetryPolicy = { attempts: 1, delaySeconds: 10, maxDelaySeconds: 600 };
export const DEFAULT_RETRY_DELAY_SECONDS = 10;
export const DEFAULT_RETRY_MAX_DELAY_SECONDS = 600;
/** More would keep a delivery alive for weeks at max_delay; past this, use a dead delivery and `deliveries retry`. */
export const MAX_RETRY_ATTEMPTS = 100;

/**
 * Seconds to wait after failed attempt number `failed` (1-based): delay × 2^(failed−1), ±20 %
 * jitter so that deliveries failing together do not come back together, capped at max_delay.
 */
export function backoffSeconds(policy: RetryPolicy, failed: number, random: () => number = Math.random): number {
  const exponential = policy.delaySeconds * 2 ** Math.min(failed - 1, 60);
  const jittered = exponential * (0.8 + 0.4 * random());
  return Math.min(policy.maxDelaySeconds, jittered);
}
