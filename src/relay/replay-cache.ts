/**
 * The message ids accepted recently, each kept until its timestamp falls out of the
 * tolerance window (after that the timestamp check refuses it anyway). Bounded: when
 * `capacity` unexpired ids are held, new messages are refused rather than an id
 * forgotten early, which would let its message be replayed.
 */
export class ReplayCache {
  /** id → epoch second after which it can be forgotten; Map keeps insertion order. */
  private readonly expiries = new Map<string, number>();
  private lastSweep = 0;

  constructor(readonly capacity = 100_000) {}

  get size(): number {
    return this.expiries.size;
  }

  has(id: string, nowSeconds: number): boolean {
    const expiry = this.expiries.get(id);
    return expiry !== undefined && expiry >= nowSeconds;
  }

  /**
   * Records an accepted id; false when it was already there (a replay) or when the
   * cache is full of ids that have not expired.
   */
  add(id: string, expiresAt: number, nowSeconds: number): 'added' | 'replayed' | 'full' {
    if (this.has(id, nowSeconds)) return 'replayed';
    // forgetting expired ids now and then keeps the map small under normal traffic
    if (this.expiries.size >= this.capacity || nowSeconds - this.lastSweep >= 60) this.sweep(nowSeconds);
    if (this.expiries.size >= this.capacity) return 'full';
    this.expiries.delete(id);
    this.expiries.set(id, expiresAt);
    return 'added';
  }

  private sweep(nowSeconds: number): void {
    this.lastSweep = nowSeconds;
    for (const [id, expiry] of this.expiries) if (expiry < nowSeconds) this.expiries.delete(id);
  }
}
