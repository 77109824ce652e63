import { describe, expect, it } from 'vitest';
import { expiredReason, isExpired, nextExpiry, partitionExpired } from './expiry';

const at = (iso: string) => ({ expiresAt: iso });
const t = Date.parse('2026-03-02T14:02:00.000Z');

describe('expiry', () => {
  it('is expired from the very second the window closes', () => {
    expect(isExpired(at('2026-03-02T14:02:00.000Z'), t - 1)).toBe(false);
    expect(isExpired(at('2026-03-02T14:02:00.000Z'), t)).toBe(true);
    expect(isExpired(at('not a date'), t)).toBe(false);
  });
  it('says when, and that there is nothing to decide', () => {
    expect(expiredReason(at('2026-03-02T14:02:00.000Z'))).toMatch(/^Expired at .+ — nothing to decide$/);
  });
  it('finds the next expiry ahead, ignoring the past and the unreadable', () => {
    expect(nextExpiry([at('2026-03-02T14:05:00.000Z'), at('2026-03-02T14:01:00.000Z'), at('x'), at('2026-03-02T14:03:00.000Z')], t)).toBe(t + 60_000);
    expect(nextExpiry([at('2026-03-02T14:01:00.000Z')], t)).toBeNull();
  });
  it('splits chosen requests into still open and expired', () => {
    const { open, expired } = partitionExpired([at('2026-03-02T14:01:00.000Z'), at('2026-03-02T14:03:00.000Z')], t);
    expect(open.map((i) => i.expiresAt)).toEqual(['2026-03-02T14:03:00.000Z']);
    expect(expired.map((i) => i.expiresAt)).toEqual(['2026-03-02T14:01:00.000Z']);
  });
});
