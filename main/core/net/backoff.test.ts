import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultRetryPolicy, httpRetryRule, MAX_RETRY_AFTER_MS, parseRetryAfter, type BackoffRule } from './backoff';
import { outboxRetryRule } from '../outbox/backoff';
import { defaultPollSchedulePolicy, pollRetryRule } from '../poller/schedule';

const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };

describe('backoff', () => {
  it('grows the window exponentially and caps it', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(n, httpRetryRule(policy), 0.999999))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('uses full jitter (0 allowed) and clamps odd random values', () => {
    expect(backoffDelay(3, httpRetryRule(policy), 0)).toBe(0);
    expect(backoffDelay(3, httpRetryRule(policy), 0.5)).toBe(200);
    expect(backoffDelay(3, httpRetryRule(policy), -1)).toBe(0);
    expect(backoffDelay(3, httpRetryRule(policy), NaN)).toBe(0);
    expect(backoffDelay(1, httpRetryRule(policy), 5)).toBeLessThan(100);
  });

  it('never waits less than Retry-After', () => {
    expect(backoffDelay(1, httpRetryRule(policy), 0, 5000)).toBe(5000);
    expect(backoffDelay(4, httpRetryRule(policy), 0.999, 10)).toBe(799);
  });

  it('parses Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-01-05T09:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('0.5', now)).toBe(500);
    expect(parseRetryAfter('Mon, 05 Jan 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Mon, 05 Jan 2026 08:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });

  it('caps a Retry-After of days at 15 minutes (the approval window is 24 h)', () => {
    const now = Date.parse('2026-01-05T09:00:00Z');
    expect(parseRetryAfter('999999', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(parseRetryAfter('Thu, 01 Jan 2037 00:00:00 GMT', now)).toBe(MAX_RETRY_AFTER_MS);
    expect(MAX_RETRY_AFTER_MS).toBe(15 * 60_000);
    expect(parseRetryAfter('900', now)).toBe(900_000); // exactly the cap is kept as sent
  });

  it('reads negative numbers and bare numbers that Date.parse would take for years as garbage', () => {
    const now = Date.parse('2026-01-05T09:00:00Z');
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter('2037', now)).toBe(MAX_RETRY_AFTER_MS); // delta seconds, capped
    expect(parseRetryAfter(' 12 ', now)).toBe(12_000);
    expect(parseRetryAfter('1e9', now)).toBeUndefined();
  });

});

/**
 * The three backoffs this rule replaced, verbatim (HTTP read retries, the outbox's retry
 * schedule, the poller's back-off), as oracles: the one rule must give what each gave.
 */
const former = {
  http(retry: number, p: { baseDelayMs: number; maxDelayMs: number }, random: () => number, retryAfterMs?: number): number {
    const clamp01 = (n: number) => (!Number.isFinite(n) || n < 0 ? 0 : n >= 1 ? 0.999999 : n);
    const window = Math.min(p.maxDelayMs, p.baseDelayMs * 2 ** Math.max(0, retry - 1));
    const jittered = Math.floor(clamp01(random()) * window);
    return retryAfterMs === undefined ? jittered : Math.max(retryAfterMs, jittered);
  },
  outbox(attempt: number, random: number, retryAfterMs: number | undefined, p: { baseMs: number; maxMs: number }): number {
    const n = Math.max(1, Math.floor(attempt));
    const exponential = Math.min(p.maxMs, p.baseMs * 2 ** Math.min(n - 1, 40));
    const r = Math.min(Math.max(random, 0), 1);
    const jittered = Math.round(exponential / 2 + (exponential / 2) * r);
    return Math.min(15 * 60_000, Math.max(jittered, Math.ceil(retryAfterMs ?? 0)));
  },
  poller(failures: number, p: { backoffBaseMs: number; backoffMaxMs: number }, random: () => number, retryAfterMs?: number): number {
    const clamp01 = (n: number) => (!Number.isFinite(n) || n < 0 ? 0 : n > 1 ? 1 : n);
    const exponent = Math.min(Math.max(0, failures - 1), 30);
    const window = Math.min(p.backoffMaxMs, p.backoffBaseMs * 2 ** exponent);
    const jittered = Math.round(window / 2 + (window / 2) * clamp01(random()));
    return retryAfterMs === undefined ? jittered : Math.max(jittered, Math.ceil(retryAfterMs));
  },
};

describe('one backoff rule for the HTTP client, the outbox and the poller', () => {
  // Draws across [0, 1) and its edges, and out-of-range ones the rule clamps; whole-ms Retry-After as parseRetryAfter gives.
  const draws = [0, 1e-9, 0.1, 0.25, 0.333, 0.5, 0.75, 0.9, 0.999999, 1, 5, -1];
  const waits = [undefined, 0, 1, 499, 7_000, 120_000, 999_999_000];
  const each = (f: (n: number, r: number, retryAfterMs: number | undefined) => void) => {
    for (let n = -2; n <= 45; n++) for (const r of draws) for (const w of waits) f(n, r, w);
  };

  it('gives the HTTP client the same read-retry waits as before', () => {
    for (const p of [defaultRetryPolicy, { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 }, { ...defaultRetryPolicy, baseDelayMs: 20, maxDelayMs: 100 }]) {
      each((n, r, w) => {
        if (n < 1) return; // the client counts retries from 1
        expect(backoffDelay(n, httpRetryRule(p), r, w)).toBe(former.http(n, p, () => r, w));
      });
    }
  });

  it('gives the outbox the same retry schedule as before, its 15-minute ceiling included', () => {
    for (const p of [{ baseMs: 1_000, maxMs: 5 * 60_000 }, { baseMs: 1_000, maxMs: 60_000 }, { baseMs: 5, maxMs: 20 }, { baseMs: 1_000, maxMs: 24 * 3_600_000 }]) {
      each((n, r, w) => expect(backoffDelay(n, outboxRetryRule(p), r, w)).toBe(former.outbox(n, r, w, p)));
    }
  });

  it('gives the poller the same back-off as before', () => {
    for (const p of [defaultPollSchedulePolicy, { ...defaultPollSchedulePolicy, backoffBaseMs: 50, backoffMaxMs: 400 }]) {
      each((n, r, w) => {
        if (n < 1) return; // the poller counts failures from 1
        expect(backoffDelay(n, pollRetryRule(p), r, w)).toBe(former.poller(n, p, () => r, w));
      });
    }
  });

  it('a ceiling bounds the wait, Retry-After included; without one a long Retry-After stands', () => {
    const rule: BackoffRule = { baseMs: 100, maxMs: 1_000, jitter: 'equal' };
    expect(backoffDelay(1, rule, 0, 5_000)).toBe(5_000);
    expect(backoffDelay(1, { ...rule, ceilingMs: 2_000 }, 0, 5_000)).toBe(2_000);
  });
});

describe('parseRetryAfter: the edges mutation testing found unguarded', () => {
  const now = Date.parse('2026-12-03T10:00:00Z');
  it('takes more than one decimal of a delta, and a date only when it starts with a letter', () => {
    expect(parseRetryAfter('1.25', now)).toBe(1250);
    expect(parseRetryAfter('1 Dec 2026 10:00:05 GMT', now)).toBeUndefined();
  });
});
