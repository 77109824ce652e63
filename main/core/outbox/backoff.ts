/**
 * Retry delay for transient failures: exponential with "equal jitter" (half fixed, half
 * random) so many clients that failed together do not retry together, capped, and never
 * sooner than a server's Retry-After. Pure: randomness is passed in.
 */

export interface BackoffPolicy {
  /** Delay after the first failure, before jitter. */
  baseMs: number;
  /** Upper bound of the exponential part. */
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 };

/**
 * @param attempt how many sends have failed so far (1 after the first failure)
 * @param random a number in [0, 1)
 * @param retryAfterMs what a 429/503 asked for; the result is never below it
 */
export function backoffDelay(attempt: number, random: number, retryAfterMs?: number, policy: BackoffPolicy = defaultBackoff): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2 ** 60 would overflow into Infinity-ish precision; the cap makes larger exponents moot.
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n - 1, 40));
  const r = Math.min(Math.max(random, 0), 1);
  const jittered = Math.round(exponential / 2 + (exponential / 2) * r);
  return Math.max(jittered, Math.ceil(retryAfterMs ?? 0));
}
