/**
 * An endpoint's `rate_limit`: at most `limit` requests in any window of `windowMs` (a sliding
 * log, exact: a burst at the end of one minute and another at the start of the next are counted
 * together). Refused requests are not counted, so a sender that waits as told gets through.
 */
export class RateLimiter {
  /** Per key: the times of the allowed requests still inside the window, oldest first. */
  private readonly logs = new Map<string, number[]>();
  private sweepAt = 1024;

  constructor(
    readonly limit: number,
    readonly windowMs: number,
  ) {}

  /** Counts the request and returns undefined when it is allowed; else the ms until it would be. */
  take(key: string, now = Date.now()): number | undefined {
    let log = this.logs.get(key);
    if (!log) {
      if (this.logs.size >= this.sweepAt) this.sweep(now);
      log = [];
      this.logs.set(key, log);
    }
    const since = now - this.windowMs;
    let expired = 0;
    while (expired < log.length && log[expired]! <= since) expired++;
    if (expired > 0) log.splice(0, expired);
    if (log.length < this.limit) {
      log.push(now);
      return undefined;
    }
    return log[0]! + this.windowMs - now;
  }

  /** Keys come from requests: the ones whose window is empty are dropped, so the map cannot only grow. */
  private sweep(now: number): void {
    const since = now - this.windowMs;
    for (const [key, log] of this.logs) {
      if (log.length === 0 || log[log.length - 1]! <= since) this.logs.delete(key);
    }
    this.sweepAt = Math.max(1024, this.logs.size * 2);
  }
}
