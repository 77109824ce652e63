/**
 * The system clock's timer arithmetic. Fake timers stand in for Node's here (and only here):
 * they overflow a delay above 2^31 − 1 ms to 1 ms exactly as Node does, and let a sleep of
 * 25 days be checked without waiting for it.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_TIMER_MS, systemClock, timerDelay } from './clock';

describe('systemClock.sleep', () => {
  beforeEach(() => {
    vi.useFakeTimers({ now: Date.UTC(2026, 0, 5, 9) });
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('a sleep longer than one timer can hold is still that long, never immediate', async () => {
    const ms = 2 ** 31 + 1_000;
    const timers = vi.spyOn(globalThis, 'setTimeout');
    let woke = false;
    const sleeping = systemClock.sleep(ms).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS);
    expect(woke).toBe(false); // one full timer has fired; 1,001 ms are still to go
    await vi.advanceTimersByTimeAsync(1_000);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(woke).toBe(true);
    // Two timers, each within range: an overflowing one would fire at once and spin.
    expect(timers.mock.calls.map((call) => call[1])).toEqual([MAX_TIMER_MS, 1_001]);
    timers.mockRestore();
  });

  it('an ordinary sleep is one timer of its own length', async () => {
    let woke = false;
    const sleeping = systemClock.sleep(1_500).then(() => (woke = true));
    await vi.advanceTimersByTimeAsync(1_499);
    expect(woke).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    await sleeping;
    expect(woke).toBe(true);
  });

  it('an abort during a long sleep rejects with the reason and leaves no timer behind', async () => {
    const ac = new AbortController();
    const sleeping = systemClock.sleep(2 ** 32, ac.signal);
    await vi.advanceTimersByTimeAsync(MAX_TIMER_MS + 5); // into the second timer
    ac.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('timerDelay', () => {
  it('keeps what fits and clamps the rest to what one timer holds', () => {
    expect(timerDelay(0)).toBe(0);
    expect(timerDelay(-5)).toBe(0);
    expect(timerDelay(1_000)).toBe(1_000);
    expect(timerDelay(MAX_TIMER_MS)).toBe(MAX_TIMER_MS);
    expect(timerDelay(MAX_TIMER_MS + 1)).toBe(MAX_TIMER_MS);
    expect(timerDelay(Number.POSITIVE_INFINITY)).toBe(MAX_TIMER_MS);
    expect(timerDelay(Number.NaN)).toBe(0);
    expect(MAX_TIMER_MS).toBe(2_147_483_647);
  });
});
