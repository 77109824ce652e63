/**
 * Retry delay for transient failures: exponential with "equal jitter" (half fixed, half
 * random) so many clients that failed together do not retry together, capped, and never
 * sooner than a server's Retry-After — but never further out than MAX_RETRY_WAIT_MS, nor
 * past the approval window: a decision parked beyond its request's expiry could never be
 * sent. Pure: randomness and time are passed in.
 */
import { MAX_RETRY_AFTER_MS } from '../net/backoff';

export interface BackoffPolicy {
  /** Delay after the first failure, before jitter. */
  baseMs: number;
  /** Upper bound of the exponential part. */
  maxMs: number;
}

export const defaultBackoff: BackoffPolicy = { baseMs: 1_000, maxMs: 5 * 60_000 };

/** The furthest ahead a retry is ever scheduled, whatever the policy or the server says. */
export const MAX_RETRY_WAIT_MS = MAX_RETRY_AFTER_MS;

/** The last retry before the approval window closes is made this long before it. */
export const RETRY_BEFORE_EXPIRY_MS = 60_000;

/**
 * @param attempt how many sends have failed so far (1 after the first failure)
 * @param random a number in [0, 1)
 * @param retryAfterMs what a 429/503 asked for; the result is never below it (up to the cap)
 */
export function backoffDelay(attempt: number, random: number, retryAfterMs?: number, policy: BackoffPolicy = defaultBackoff): number {
  const n = Math.max(1, Math.floor(attempt));
  // 2 ** 60 would overflow into Infinity-ish precision; the cap makes larger exponents moot.
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.min(n - 1, 40));
  const r = Math.min(Math.max(random, 0), 1);
  const jittered = Math.round(exponential / 2 + (exponential / 2) * r);
  return Math.min(MAX_RETRY_WAIT_MS, Math.max(jittered, Math.ceil(retryAfterMs ?? 0)));
}

/**
 * When to try again: `delayMs` from `now` (at most MAX_RETRY_WAIT_MS), but no later than
 * RETRY_BEFORE_EXPIRY_MS before the request expires, while that moment is still ahead.
 * `expiresAt` is epoch ms, or NaN/undefined when unknown.
 */
export function retryAt(now: number, delayMs: number, expiresAt = Number.NaN): number {
  const at = now + Math.min(MAX_RETRY_WAIT_MS, Math.max(0, delayMs));
  const last = expiresAt - RETRY_BEFORE_EXPIRY_MS; // NaN when unknown: then never "ahead"
  // Inside the last stretch (or past the expiry) the plain delay stands: the service,
  // not our clock, says when a decision expired, and retrying "now" would spin.
  return last > now ? Math.min(at, last) : at;
}
