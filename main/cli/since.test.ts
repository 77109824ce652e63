import { describe, expect, it } from 'vitest';
import { parseSince } from './since';

const now = Date.UTC(2026, 10, 23, 12);

describe('--since', () => {
  it.each([
    ['30d', now - 30 * 86_400_000],
    ['12h', now - 12 * 3_600_000],
    ['90m', now - 90 * 60_000],
    ['2W', now - 14 * 86_400_000],
    ['2026-11-01', Date.UTC(2026, 10, 1)],
    ['2026-11-01T08:30:00Z', Date.UTC(2026, 10, 1, 8, 30)],
  ])('%s', (text, since) => {
    expect(parseSince(text, now)).toEqual({ ok: true, since });
  });

  it('is all kept decisions when absent', () => {
    expect(parseSince(undefined, now)).toEqual({ ok: true, since: null });
  });

  it.each(['30', 'yesterday', '30 days', '-5d', '', '2026-13-45'])('refuses %j', (text) => {
    expect(parseSince(text, now)).toMatchObject({ ok: false, error: expect.stringMatching(/30d/) });
  });
});
