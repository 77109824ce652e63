/**
 * The poller's timing arithmetic: the next regular poll (interval ± jitter), the back-off
 * after a failure (exponential, jittered, capped) and the Retry-After floor. Pure: no
 * timers, no clock; the poller sleeps on its Clock.
 */

export interface PollSchedulePolicy {
  /** Time between quiet polls (default 60 s; a setting). */
  intervalMs: number;
  /** Fraction of the interval each wait may move either way (0.1 = ±10 %), so many clients spread out. */
  jitter: number;
  /** Back-off before the first retry after a failure. */
  backoffBaseMs: number;
  /** No back-off is longer than this, however many failures in a row. */
  backoffMaxMs: number;
  /**
   * Least time between the starts of two polls. Guards against bursts of triggers
   * (flapping network events, key repeat on "Refresh now") hammering ARM.
   */
  minGapMs: number;
}

export const defaultPollSchedulePolicy: PollSchedulePolicy = {
  intervalMs: 60_000,
  jitter: 0.1,
  backoffBaseMs: 30_000,
  backoffMaxMs: 15 * 60_000,
  minGapMs: 2_000,
};

/** A regular wait: the interval moved by up to ±jitter, never negative. */
export function intervalDelayMs(policy: PollSchedulePolicy, random: () => number): number {
  const spread = policy.intervalMs * clampJitter(policy.jitter);
  return Math.max(0, Math.round(policy.intervalMs + spread * (2 * clamp01(random()) - 1)));
}

/**
 * The wait after the `failures`-th failure in a row (1 for the first): base·2^(n-1), capped,
 * then "equal jitter" (between half and all of it) so retries spread out but never collapse
 * to zero. A Retry-After is a floor we never undercut.
 */
export function backoffDelayMs(failures: number, policy: PollSchedulePolicy, random: () => number, retryAfterMs?: number): number {
  const exponent = Math.min(Math.max(0, failures - 1), 30); // 2^30 already exceeds any sane cap
  const window = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** exponent);
  const jittered = Math.round(window / 2 + (window / 2) * clamp01(random()));
  return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.ceil(retryAfterMs));
}

function clamp01(n: number): number {
  if (!Number.isFinite(n) || n < 0) return 0;
  return n > 1 ? 1 : n;
}

function clampJitter(n: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(n, 0), 0.5) : 0;
}
