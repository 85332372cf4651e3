/**
 * An endpoint's `concurrency`: at most `limit` chains run at once per key; the rest wait in the
 * order they came. The slot of a finished chain passes straight to the next in line, so nothing
 * arriving later can overtake the queue.
 */
export class ConcurrencyGate {
  private readonly running = new Map<string, number>();
  private readonly waiting = new Map<string, (() => void)[]>();

  constructor(readonly limit: number) {}

  /**
   * Runs `work` once a slot of `key` is free. `onWaiting(+1)` when it has to wait, `onWaiting(-1)`
   * when its turn comes. The slot is taken synchronously, so calls keep their order.
   */
  async run<T>(key: string, work: () => Promise<T>, onWaiting: (delta: number) => void = () => undefined): Promise<T> {
    const running = this.running.get(key) ?? 0;
    if (running < this.limit && !this.waiting.has(key)) {
      this.running.set(key, running + 1);
    } else {
      onWaiting(1);
      await new Promise<void>((resolve) => {
        const queue = this.waiting.get(key);
        if (queue) queue.push(resolve);
        else this.waiting.set(key, [resolve]);
      });
      onWaiting(-1);
    }
    try {
      return await work();
    } finally {
      this.release(key);
    }
  }

  /** Chains waiting, across keys. */
  get waitingCount(): number {
    let count = 0;
    for (const queue of this.waiting.values()) count += queue.length;
    return count;
  }

  private release(key: string): void {
    const queue = this.waiting.get(key);
    const next = queue?.shift();
    if (queue && queue.length === 0) this.waiting.delete(key);
    if (next) {
      next();
      return;
    }
    const running = (this.running.get(key) ?? 1) - 1;
    // keys come from requests: a key with nothing running or waiting is forgotten
    if (running <= 0) this.running.delete(key);
    else this.running.set(key, running);
  }
}
