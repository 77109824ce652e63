/**
 * Per-tenant throttling as token buckets (ARM: reads and writes separately; Graph: one), refilled on
 * the simulator's clock so tests on a VirtualClock see exact, repeatable Retry-After values.
 */

export type TakeResult = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    now: number,
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(now: number): TakeResult {
    const elapsed = Math.max(0, now - this.last) / 1000;
    this.last = Math.max(this.last, now);
    this.tokens = Math.min(this.burst, this.tokens + elapsed * this.perSecond);
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { ok: true, remaining: Math.floor(this.tokens) };
    }
    // Whole seconds, at least 1, as ARM sends it; a bucket that never refills says a minute.
    const wait = this.perSecond > 0 ? (1 - this.tokens) / this.perSecond : 60;
    return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(wait)) };
  }

  remaining(): number {
    return Math.floor(this.tokens);
  }
}
