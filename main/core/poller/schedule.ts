/**
 * The poller's timing arithmetic: the next regular poll (interval ± jitter; the short one
 * while the user is at the machine) and its back-off after a failure (the app's one
 * backoff rule, core/net/backoff.ts, with the poller's policy). Pure: no timers, no clock; the poller sleeps on its Clock.
 */
import type { BackoffRule } from '../net/backoff';

/** Whether the user is at the machine, as the OS tells it (Electron's powerMonitor, adapted in main/electron/presence.ts). */
export type Presence = 'active' | 'idle' | 'locked';

export interface PresenceInput {
  presence: Presence;
  /** On battery (Electron offers no battery-saver flag): polls stay at the normal interval. */
  powerSaver: boolean;
}

/** Where nothing tells the poller about the user (CLI, preview, tests): the normal interval, as before. */
export const unknownPresence: PresenceInput = { presence: 'idle', powerSaver: false };

export interface PollSchedulePolicy {
  /** Time between quiet polls while the user is away, locked or on battery (default 60 s; a setting). */
  intervalMs: number;
  /**
   * Time between quiet polls while the user is at the machine (default 15 s; a setting).
   * Never longer than `intervalMs`: being there never makes checks rarer.
   */
  activeIntervalMs: number;
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
  activeIntervalMs: 15_000,
  jitter: 0.1,
  backoffBaseMs: 30_000,
  backoffMaxMs: 15 * 60_000,
  minGapMs: 2_000,
};

/** The interval that applies: the short one only for a user at an unlocked machine on mains power. */
export function intervalFor(policy: PollSchedulePolicy, input: PresenceInput): number {
  const here = input.presence === 'active' && !input.powerSaver;
  return here ? Math.min(policy.activeIntervalMs, policy.intervalMs) : policy.intervalMs;
}

/** A regular wait: the interval for `input` moved by up to ±jitter, never negative. */
export function intervalDelayMs(policy: PollSchedulePolicy, random: () => number, input: PresenceInput = unknownPresence): number {
  const interval = intervalFor(policy, input);
  const spread = interval * clampJitter(policy.jitter);
  return Math.max(0, Math.round(interval + spread * (2 * clamp01(random()) - 1)));
}

/**
 * The poller's back-off in the one backoff rule (core/net/backoff.ts): after the n-th
 * failure in a row, base·2^(n-1) capped, with "equal jitter" (between half and all of it)
 * so retries spread out but never collapse to zero; a Retry-After is a floor.
 */
export function pollRetryRule(policy: PollSchedulePolicy): BackoffRule {
  return { baseMs: policy.backoffBaseMs, maxMs: policy.backoffMaxMs, jitter: 'equal' };
}

function clamp01(n: number): number {
  if (!Number.isFinite(n) || n < 0) return 0;
  return n > 1 ? 1 : n;
}

function clampJitter(n: number): number {
  return Number.isFinite(n) ? Math.min(Math.max(n, 0), 0.5) : 0;
}
