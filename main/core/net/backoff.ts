/**
 * Pure retry arithmetic for idempotent reads: exponential backoff with full jitter and the
 * Retry-After floor. Owns no I/O and no timers; the HTTP helper sleeps on the Clock.
 */

export interface RetryPolicy {
  /** Total tries of one read, the first included. 1 disables retries. */
  maxAttempts: number;
  /** Cap of the backoff window before jitter (the first retry waits up to baseDelayMs). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** A Retry-After longer than this is not waited out: the caller gets 'throttled' and decides. */
  maxRetryAfterMs: number;
}

export const defaultRetryPolicy: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 8_000,
  maxRetryAfterMs: 60_000,
};

/**
 * How long to wait before retry number `retry` (1 for the first retry). Full jitter spreads
 * many clients apart; a server's Retry-After is a floor we never undercut.
 */
export function backoffDelayMs(retry: number, policy: RetryPolicy, random: () => number, retryAfterMs?: number): number {
  const window = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const jittered = Math.floor(clamp01(random()) * window);
  return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
}

/**
 * The longest wait a server's Retry-After can impose. An approval closes 24 h after the
 * request, so "come back in days" (Retry-After: 999999, or a date in 2037) is a server bug,
 * not an instruction; obeying it would park a decision past its window, and a wait above
 * 2^31 ms would overflow a timer. ARM's buckets refill in seconds: 15 min is plenty.
 */
export const MAX_RETRY_AFTER_MS = 15 * 60_000;

/**
 * Parses `Retry-After` (delta seconds or an HTTP date) into milliseconds from `now`, at
 * most MAX_RETRY_AFTER_MS. A date already past is 0; garbage (negative numbers, bare
 * years, words) is undefined.
 */
export function parseRetryAfter(value: string | null, now: number): number | undefined {
  if (value === null) return undefined;
  const text = value.trim();
  if (/^\d+(\.\d+)?$/.test(text)) return Math.min(MAX_RETRY_AFTER_MS, Math.ceil(Number(text) * 1000));
  // HTTP dates start with a day name; Date.parse alone would read "-5" or "12" as years.
  if (!/^[A-Za-z]/.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.min(MAX_RETRY_AFTER_MS, Math.max(0, at - now));
}

function clamp01(n: number): number {
  if (!Number.isFinite(n) || n < 0) return 0;
  return n >= 1 ? 0.999999 : n;
}
