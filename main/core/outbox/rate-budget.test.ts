import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { createRateBudget } from './rate-budget';
import { MAX_RETRY_AFTER_MS } from '../net/backoff';

describe('rate budget (token bucket)', () => {
  it('serves the burst at once, then at the refill rate', async () => {
    const clock = new VirtualClock(0);
    const budget = createRateBudget({ capacity: 3, refillPerSecond: 2, clock });
    const taken: number[] = [];
    const all = Array.from({ length: 6 }, () => budget.take().then(() => taken.push(clock.now())));
    await clock.advance(0);
    expect(taken).toEqual([0, 0, 0]);
    await clock.advance(2_000);
    await Promise.all(all);
    expect(taken).toEqual([0, 0, 0, 500, 1_000, 1_500]);
  });

  it('pause() stops every taker until the time is up (429 Retry-After)', async () => {
    const clock = new VirtualClock(0);
    const budget = createRateBudget({ capacity: 10, refillPerSecond: 10, clock });
    budget.pause(3_000);
    expect(budget.tryTake()).toBe(false);
    let at = -1;
    const p = budget.take().then(() => (at = clock.now()));
    await clock.advance(2_999);
    expect(at).toBe(-1);
    await clock.advance(1);
    await p;
    expect(at).toBe(3_000);
    expect(budget.tryTake()).toBe(true);
  });

  it('pause() holds at most 15 minutes, however long the server asked for', async () => {
    const clock = new VirtualClock(0);
    const budget = createRateBudget({ capacity: 10, refillPerSecond: 10, clock });
    budget.pause(999_999_000); // Retry-After: 999999, as a buggy server sent it
    budget.pause(Number.NaN); // and garbage changes nothing
    let at = -1;
    const p = budget.take().then(() => (at = clock.now()));
    await clock.advance(MAX_RETRY_AFTER_MS - 1);
    expect(at).toBe(-1);
    await clock.advance(1);
    expect(at).toBe(MAX_RETRY_AFTER_MS);
    await p;
  });

  it('a pause of undefined is no pause and does not swallow the next one', async () => {
    const clock = new VirtualClock(0);
    const budget = createRateBudget({ capacity: 10, refillPerSecond: 10, clock });
    budget.pause(undefined as unknown as number); // a caller without a Retry-After
    budget.pause(3_000);
    let at = -1;
    const p = budget.take().then(() => (at = clock.now()));
    await clock.advance(2_999);
    expect(at).toBe(-1);
    await clock.advance(1);
    expect(at).toBe(3_000);
    await p;
  });

  it('never holds more than its capacity', async () => {
    const clock = new VirtualClock(0);
    const budget = createRateBudget({ capacity: 5, refillPerSecond: 100, clock });
    await clock.advance(60_000);
    expect(budget.available()).toBe(5);
    expect(budget.tryTake(5)).toBe(true);
    expect(budget.tryTake(1)).toBe(false);
  });

  it('an aborted waiter leaves and does not block the next', async () => {
    const clock = new VirtualClock(0);
    const budget = createRateBudget({ capacity: 1, refillPerSecond: 1, clock });
    await budget.take();
    const ac = new AbortController();
    const aborted = budget.take(1, ac.signal);
    ac.abort(new Error('stop'));
    await expect(aborted).rejects.toThrow('stop');
    let done = false;
    const next = budget.take().then(() => (done = true));
    await clock.advance(1_000);
    await next;
    expect(done).toBe(true);
  });

  it('refuses impossible requests and bad settings', async () => {
    const clock = new VirtualClock(0);
    await expect(createRateBudget({ capacity: 2, refillPerSecond: 1, clock }).take(3)).rejects.toThrow('cannot take 3');
    expect(() => createRateBudget({ capacity: 0, refillPerSecond: 1, clock })).toThrow();
    expect(() => createRateBudget({ capacity: 1, refillPerSecond: 0, clock })).toThrow();
  });
});
