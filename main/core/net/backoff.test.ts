import { describe, expect, it } from 'vitest';
import { backoffDelayMs, defaultRetryPolicy, MAX_RETRY_AFTER_MS, parseRetryAfter } from './backoff';

const policy = { ...defaultRetryPolicy, baseDelayMs: 100, maxDelayMs: 1000 };

describe('backoff', () => {
  it('grows the window exponentially and caps it', () => {
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelayMs(n, policy, () => 0.999999))).toEqual([99, 199, 399, 799, 999, 999]);
  });

  it('uses full jitter (0 allowed) and clamps odd random values', () => {
    expect(backoffDelayMs(3, policy, () => 0)).toBe(0);
    expect(backoffDelayMs(3, policy, () => 0.5)).toBe(200);
    expect(backoffDelayMs(3, policy, () => -1)).toBe(0);
    expect(backoffDelayMs(3, policy, () => NaN)).toBe(0);
    expect(backoffDelayMs(1, policy, () => 5)).toBeLessThan(100);
  });

  it('never waits less than Retry-After', () => {
    expect(backoffDelayMs(1, policy, () => 0, 5000)).toBe(5000);
    expect(backoffDelayMs(4, policy, () => 0.999, 10)).toBe(799);
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
