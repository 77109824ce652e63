import { describe, expect, it } from 'vitest';
import { defaultBackoff, MAX_RETRY_WAIT_MS, outboxRetryRule, RETRY_BEFORE_EXPIRY_MS, retryAt } from './backoff';
import { backoffDelay as rule } from '../net/backoff';

/** The outbox's schedule as its callers get it: the one rule with the outbox's policy. */
const backoffDelay = (attempt: number, random: number, retryAfterMs?: number, policy = defaultBackoff) => rule(attempt, outboxRetryRule(policy), random, retryAfterMs);

describe('backoffDelay', () => {
  const policy = { baseMs: 1_000, maxMs: 60_000 };

  it('doubles per attempt between half and the full window', () => {
    for (let attempt = 1; attempt <= 6; attempt++) {
      const window = 1_000 * 2 ** (attempt - 1);
      expect(backoffDelay(attempt, 0, undefined, policy)).toBe(window / 2);
      expect(backoffDelay(attempt, 0.999999, undefined, policy)).toBeLessThanOrEqual(window);
      expect(backoffDelay(attempt, 0.999999, undefined, policy)).toBeGreaterThan(window * 0.99);
    }
  });

  it('is capped at maxMs however many attempts failed', () => {
    expect(backoffDelay(7, 1, undefined, policy)).toBe(60_000);
    expect(backoffDelay(1_000, 1, undefined, policy)).toBe(60_000);
    expect(backoffDelay(1_000, 0, undefined, policy)).toBe(30_000);
  });

  it('never retries sooner than Retry-After', () => {
    expect(backoffDelay(1, 0, 7_000, policy)).toBe(7_000);
    expect(backoffDelay(1, 0, 10.2, policy)).toBe(500); // jittered delay already longer
    expect(backoffDelay(10, 1, 120_000, policy)).toBe(120_000); // beyond the cap: still honoured
  });

  it('never waits more than 15 minutes, whatever Retry-After or the policy say', () => {
    expect(MAX_RETRY_WAIT_MS).toBe(15 * 60_000);
    expect(backoffDelay(1, 0, 999_999_000, policy)).toBe(MAX_RETRY_WAIT_MS);
    expect(backoffDelay(1, 0, Date.parse('2037-01-01T00:00:00Z') - Date.parse('2026-01-05T09:00:00Z'), policy)).toBe(MAX_RETRY_WAIT_MS);
    expect(backoffDelay(30, 1, undefined, { baseMs: 1_000, maxMs: 24 * 3_600_000 })).toBe(MAX_RETRY_WAIT_MS);
  });

  it('treats odd inputs as the first attempt and clamps the random draw', () => {
    expect(backoffDelay(0, 0, undefined, policy)).toBe(500);
    expect(backoffDelay(-3, 0, undefined, policy)).toBe(500);
    expect(backoffDelay(1, -1, undefined, policy)).toBe(500);
    expect(backoffDelay(1, 5, undefined, policy)).toBe(1_000);
  });

  it('has defaults of 1 s growing to 5 min', () => {
    expect(backoffDelay(1, 0)).toBe(defaultBackoff.baseMs / 2);
    expect(backoffDelay(50, 1)).toBe(defaultBackoff.maxMs);
  });

  it('retryAt: the delay from now, at most 15 min, and a minute before the request expires', () => {
    const now = 1_000_000;
    expect(retryAt(now, 5_000)).toBe(now + 5_000);
    expect(retryAt(now, 5_000, Number.NaN)).toBe(now + 5_000);
    expect(retryAt(now, 999_999_000)).toBe(now + MAX_RETRY_WAIT_MS);
    expect(retryAt(now, -5)).toBe(now);
    // The window closes in 10 min: a 15-min wait becomes "a minute before it closes".
    expect(retryAt(now, 15 * 60_000, now + 10 * 60_000)).toBe(now + 10 * 60_000 - RETRY_BEFORE_EXPIRY_MS);
    expect(retryAt(now, 5_000, now + 10 * 60_000)).toBe(now + 5_000); // sooner than that: unchanged
    // Already in the last minute, or past it: the plain delay, not a spin at "now".
    expect(retryAt(now, 5_000, now + 30_000)).toBe(now + 5_000);
    expect(retryAt(now, 5_000, now - 60_000)).toBe(now + 5_000);
    expect(retryAt(now, 5_000, now + RETRY_BEFORE_EXPIRY_MS)).toBe(now + 5_000);
  });

  it('spreads clients apart: different draws give different delays', () => {
    const delays = new Set([0, 0.25, 0.5, 0.75].map((r) => backoffDelay(4, r, undefined, policy)));
    expect(delays.size).toBe(4);
  });
});
