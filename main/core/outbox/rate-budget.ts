/**
 * A token bucket shared by everything that calls ARM for one tenant (outbox sender and
 * poller), so our own traffic stays under ARM's limits instead of discovering them by
 * 429. When ARM does answer 429, `pause(retryAfterMs)` stops every holder of the budget,
 * not just the caller. Time comes from a Clock; holds no I/O.
 */
import type { Clock } from '../clock';
import { MAX_RETRY_AFTER_MS } from '../net/backoff';
import type { CallMeter } from '../net/types';

export interface RateBudget {
  /** Waits until `n` tokens are available, then takes them. Rejects if the signal aborts. */
  take(n?: number, signal?: AbortSignal): Promise<void>;
  /** Takes `n` tokens if available now; false otherwise. For callers that would rather skip. */
  tryTake(n?: number): boolean;
  /** ARM said "not before": nobody takes a token until then (at most MAX_RETRY_AFTER_MS ahead). */
  pause(ms: number): void;
  available(): number;
}

export interface RateBudgetOptions {
  capacity: number;
  refillPerSecond: number;
  clock: Clock;
}

/** ARM's documented per-tenant limits (pim-api.md), a little under so we never hit them. */
export const ARM_TENANT_LIMITS = {
  reads: { capacity: 240, refillPerSecond: 24 },
  writes: { capacity: 190, refillPerSecond: 9.5 },
} as const;

/**
 * Graph publishes no PIM limit, only 130,000 requests per 10 s per app (pim-api.md): one
 * approver's budget stays at ARM's order of magnitude, so one account never bursts Graph.
 */
export const GRAPH_ACCOUNT_LIMITS = {
  reads: { capacity: 240, refillPerSecond: 24 },
  writes: { capacity: 190, refillPerSecond: 9.5 },
} as const;

export function createRateBudget({ capacity, refillPerSecond, clock }: RateBudgetOptions): RateBudget {
  if (capacity < 1 || refillPerSecond <= 0) throw new Error('rate budget needs capacity ≥ 1 and a positive refill');
  let tokens = capacity;
  let stamp = clock.now();
  let pausedUntil = 0;
  // Waiters are served in order so a large take is not starved by a stream of small ones.
  let tail: Promise<void> = Promise.resolve();

  const refill = () => {
    const now = clock.now();
    tokens = Math.min(capacity, tokens + ((now - stamp) / 1000) * refillPerSecond);
    stamp = now;
  };

  const waitFor = (n: number): number => {
    refill();
    const now = clock.now();
    const pauseWait = Math.max(0, pausedUntil - now);
    const tokenWait = tokens >= n ? 0 : Math.ceil(((n - tokens) / refillPerSecond) * 1000);
    return Math.max(pauseWait, tokenWait);
  };

  return {
    take(n = 1, signal) {
      if (n > capacity) return Promise.reject(new Error(`cannot take ${n} tokens from a bucket of ${capacity}`));
      const turn = tail.then(async () => {
        for (;;) {
          signal?.throwIfAborted();
          const ms = waitFor(n);
          if (ms === 0) break;
          await clock.sleep(ms, signal);
        }
        tokens -= n;
      });
      // A rejected waiter must not poison the queue for the ones behind it.
      tail = turn.catch(() => undefined);
      return turn;
    },
    tryTake(n = 1) {
      if (waitFor(n) > 0) return false;
      tokens -= n;
      return true;
    },
    pause(ms) {
      // A wait of days from a buggy server must not stop the poller and the outbox for days.
      // Not a number at all (undefined from a caller) is no pause; pausedUntil must never become NaN.
      const wait = Math.min(MAX_RETRY_AFTER_MS, Math.max(0, typeof ms === 'number' && !Number.isNaN(ms) ? ms : 0));
      pausedUntil = Math.max(pausedUntil, clock.now() + wait);
    },
    available() {
      refill();
      return tokens;
    },
  };
}

/**
 * One service's read and write budgets as a meter for the HTTP layer: each attempt sent
 * takes one token from its own bucket, and a 429 with a stated wait pauses both (ARM
 * throttles a principal's reads and writes together). A 429 that states no wait backs
 * off only the call that met it (its own backoff), so the budgets stay usable.
 */
export function budgetMeter(budgets: { reads: RateBudget; writes: RateBudget }): CallMeter {
  return {
    charge: (operation, signal) => (operation === 'read' ? budgets.reads : budgets.writes).take(1, signal),
    throttled(retryAfterMs) {
      if (!retryAfterMs) return;
      budgets.reads.pause(retryAfterMs);
      budgets.writes.pause(retryAfterMs);
    },
  };
}
