/**
 * The outbox's retry timing for transient failures: its policy over the app's one backoff
 * rule (equal jitter, so many clients that failed together do not retry together, capped,
 * never sooner than a server's Retry-After) — but never further out than MAX_RETRY_WAIT_MS,
 * nor past the approval window: a decision parked beyond its request's expiry could never
 * be sent. Pure: randomness and time are passed in.
 */
import { MAX_RETRY_AFTER_MS, type BackoffRule } from '../net/backoff';

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
 * The outbox's retry schedule in the one backoff rule (core/net/backoff.ts): equal jitter
 * and, Retry-After included, never further out than MAX_RETRY_WAIT_MS.
 */
export function outboxRetryRule(policy: BackoffPolicy = defaultBackoff): BackoffRule {
  return { baseMs: policy.baseMs, maxMs: policy.maxMs, jitter: 'equal', ceilingMs: MAX_RETRY_WAIT_MS };
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
