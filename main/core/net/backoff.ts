/**
 * The app's one backoff rule (HTTP read retries, the outbox's retry schedule, the poller's
 * back-off after a failure) and Retry-After parsing. Owns no I/O and no timers; callers
 * sleep on their Clock.
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
 * The shape of one backoff: base·2^(n-1) capped at `maxMs`, jittered so clients that failed
 * together do not retry together. `full` jitter waits anywhere in [0, window) (the HTTP
 * client's quick read retries); `equal` waits between half and all of it, so a retry never
 * collapses to zero (the outbox's and the poller's). `ceilingMs` bounds the result,
 * Retry-After included.
 */
export interface BackoffRule {
  baseMs: number;
  maxMs: number;
  jitter: 'full' | 'equal';
  ceilingMs?: number;
}

/**
 * The app's one backoff rule: the wait before the next try after the `n`-th failure in a
 * row (1 for the first; below 1 counts as 1). `random` is a number in [0, 1) (out of range
 * is clamped); a server's Retry-After is a floor never undercut, up to `ceilingMs`.
 */
export function backoffDelay(n: number, rule: BackoffRule, random: number, retryAfterMs?: number): number {
  // 2^40 already exceeds any cap; larger exponents would only lose precision.
  const exponent = Math.min(Math.max(0, Math.floor(n) - 1), 40);
  const window = Math.min(rule.maxMs, rule.baseMs * 2 ** exponent);
  const r = Number.isNaN(random) || random < 0 ? 0 : Math.min(random, 1);
  // Full jitter stays below the window (the first retry waits under baseMs).
  const jittered = rule.jitter === 'full' ? Math.floor(Math.min(r, 0.999999) * window) : Math.round(window / 2 + (window / 2) * r);
  const floored = retryAfterMs === undefined ? jittered : Math.max(jittered, Math.ceil(retryAfterMs));
  return rule.ceilingMs === undefined ? floored : Math.min(rule.ceilingMs, floored);
}

/** The HTTP client's read retries as a BackoffRule: full jitter between baseDelayMs and maxDelayMs. */
export function httpRetryRule(policy: RetryPolicy): BackoffRule {
  return { baseMs: policy.baseDelayMs, maxMs: policy.maxDelayMs, jitter: 'full' };
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
