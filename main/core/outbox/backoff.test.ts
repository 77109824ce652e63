import { describe, expect, it } from 'vitest';
import { backoffDelay, defaultBackoff } from './backoff';

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

  it('spreads clients apart: different draws give different delays', () => {
    const delays = new Set([0, 0.25, 0.5, 0.75].map((r) => backoffDelay(4, r, undefined, policy)));
    expect(delays.size).toBe(4);
  });
});
