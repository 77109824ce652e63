import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { queueItem } from '../../../test/kit/item-fixture';
import type { QueueItem } from '../queue/queue-item';
import { createPoller, type PollEvent, type Poller, type PollResult } from './poller';
import { defaultPollSchedulePolicy, intervalDelayMs, pollRetryRule, type PollSchedulePolicy } from './schedule';
import { backoffDelay } from '../net/backoff';

/** The poller's back-off as it asks for it: the one rule with the poller's policy. */
const backoffDelayMs = (n: number, p: PollSchedulePolicy, random: () => number, retryAfterMs?: number) => backoffDelay(n, pollRetryRule(p), random(), retryAfterMs);

const S = 1000;
const MIN = 60 * S;

/** A scripted poll: answers from `script` (last answer repeats) and records when and how often it ran. */
function fakePoll(clock: VirtualClock, script: Array<PollResult | (() => PollResult)>, latencyMs = 0) {
  const calls: number[] = [];
  const signals: AbortSignal[] = [];
  let running = 0;
  let maxConcurrent = 0;
  const poll = async (signal: AbortSignal): Promise<PollResult> => {
    calls.push(clock.now());
    signals.push(signal);
    running += 1;
    maxConcurrent = Math.max(maxConcurrent, running);
    try {
      if (latencyMs > 0) await clock.sleep(latencyMs, signal);
      const next = script.length > 1 ? script.shift() : script[0];
      if (!next) throw new Error('empty script');
      return typeof next === 'function' ? next() : next;
    } catch {
      return { ok: false, error: { kind: 'network', message: 'The request was cancelled.' } };
    } finally {
      running -= 1;
    }
  };
  return { poll, calls, signals, maxConcurrent: () => maxConcurrent };
}

const ok = (items: QueueItem[] = []): PollResult => ({ ok: true, value: items });
const fail = (kind = 'network', retryAfterMs?: number): PollResult => ({
  ok: false,
  error: { kind, message: 'boom', ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) },
});
const gaps = (calls: number[]) => calls.slice(1).map((t, i) => t - (calls[i] as number));

let poller: Poller | null = null;
afterEach(async () => {
  await poller?.stop();
  poller = null;
});

function make(clock: VirtualClock, poll: (s: AbortSignal) => Promise<PollResult>, extra: Partial<Parameters<typeof createPoller>[0]> = {}) {
  poller = createPoller({ clock, poll, random: () => 0.5, ...extra });
  const events: PollEvent[] = [];
  poller.onPoll((e) => events.push(e));
  return { poller, events };
}

describe('schedule arithmetic', () => {
  it('moves the interval by at most ±10 %', () => {
    const p = defaultPollSchedulePolicy;
    expect(intervalDelayMs(p, () => 0)).toBe(54 * S);
    expect(intervalDelayMs(p, () => 0.5)).toBe(60 * S);
    expect(intervalDelayMs(p, () => 0.999999)).toBeLessThanOrEqual(66 * S);
    expect(intervalDelayMs(p, () => NaN)).toBe(54 * S);
    expect(intervalDelayMs({ ...p, jitter: 5 }, () => 0)).toBe(30 * S); // jitter capped at ±50 %
  });

  it('doubles the back-off per failure, jittered between half and all, capped', () => {
    const p = defaultPollSchedulePolicy;
    expect([1, 2, 3, 4, 5, 6, 7, 50].map((n) => backoffDelayMs(n, p, () => 1))).toEqual([30, 60, 120, 240, 480, 900, 900, 900].map((s) => s * S));
    expect(backoffDelayMs(1, p, () => 0)).toBe(15 * S);
    expect(backoffDelayMs(6, p, () => 0)).toBe(450 * S);
  });

  it('never undercuts a Retry-After', () => {
    const p = defaultPollSchedulePolicy;
    expect(backoffDelayMs(1, p, () => 0, 120 * S)).toBe(120 * S);
    expect(backoffDelayMs(3, p, () => 1, 5 * S)).toBe(120 * S);
  });
});

describe('createPoller', () => {
  it('polls at once on start, then once per interval with jitter inside ±10 %', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const fake = fakePoll(clock, [ok()]);
    let r = 0;
    const seq = [0, 1, 0.25, 0.75, 0.999];
    const { poller: p } = make(clock, fake.poll, { random: () => seq[r++ % seq.length] as number });
    p.start();
    await clock.advance(0);
    expect(fake.calls).toEqual([t0]);
    await clock.advance(60 * MIN);
    expect(fake.calls.length).toBeGreaterThanOrEqual(55);
    expect(fake.calls.length).toBeLessThanOrEqual(67);
    for (const gap of gaps(fake.calls)) {
      expect(gap).toBeGreaterThanOrEqual(54 * S);
      expect(gap).toBeLessThanOrEqual(66 * S);
    }
  });

  it('reports added, removed and changed items through diffQueue', async () => {
    const clock = new VirtualClock();
    const a = queueItem(1);
    const b = queueItem(2);
    const b2 = queueItem(2, { justification: 'changed' });
    const c = queueItem(3);
    const fake = fakePoll(clock, [ok([a, b]), ok([b2, c])]);
    const { poller: p, events } = make(clock, fake.poll);
    p.start();
    await clock.advance(0);
    await clock.advance(61 * S);
    expect(events.map((e) => e.ok && e.diff)).toEqual([
      { added: [a, b], removed: [], changed: [] },
      { added: [c], removed: [a], changed: [b2] },
    ]);
    expect(events.map((e) => e.reason)).toEqual(['start', 'interval']);
    expect(p.status().items).toEqual([b2, c]);
    expect(p.status().lastSuccessAt).toBe(clock.now() - 1 * S);
  });

  it('backs off exponentially on errors, capped, and returns to the interval after a success', async () => {
    const clock = new VirtualClock();
    const script: PollResult[] = [...Array.from({ length: 9 }, () => fail()), ok()];
    const fake = fakePoll(clock, script);
    const { poller: p, events } = make(clock, fake.poll, { random: () => 1 });
    p.start();
    await clock.advance(0);
    await clock.advance(120 * MIN);
    const g = gaps(fake.calls).map((ms) => ms / S);
    // 30·2^(n-1) s, capped at 15 min; then a success (10th call) puts it back to the interval (random 1 → +10 %).
    expect(g.slice(0, 10)).toEqual([30, 60, 120, 240, 480, 900, 900, 900, 900, 66]);
    expect(events[8]).toMatchObject({ ok: false, failures: 9 });
    expect(p.status().failures).toBe(0);
  });

  it('honours Retry-After: the next poll, even a triggered one, never comes sooner', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const fake = fakePoll(clock, [fail('throttled', 300 * S), ok()]);
    const { poller: p, events } = make(clock, fake.poll, { random: () => 0 });
    p.start();
    await clock.advance(0);
    expect(events[0]).toMatchObject({ ok: false, nextPollAt: t0 + 300 * S });
    const served = p.trigger('refresh');
    await clock.advance(299 * S);
    expect(fake.calls).toEqual([t0]);
    await clock.advance(1 * S);
    expect(fake.calls).toEqual([t0, t0 + 300 * S]);
    expect(await served).toMatchObject({ ok: true, reason: 'refresh' });
  });

  it('pauses (aborting a poll under way) and polls at once on resume', async () => {
    const clock = new VirtualClock();
    const fake = fakePoll(clock, [ok()], 5 * S);
    const { poller: p, events } = make(clock, fake.poll);
    p.start();
    await clock.advance(1 * S); // first poll is under way
    expect(p.status().polling).toBe(true);
    p.setPaused('offline');
    await clock.advance(0);
    expect(fake.signals[0]?.aborted).toBe(true);
    expect(events).toEqual([]); // an aborted poll is not a failure
    expect(await p.trigger('refresh')).toBeNull();
    await clock.advance(30 * MIN);
    expect(fake.calls).toHaveLength(1);
    expect(p.status()).toMatchObject({ paused: 'offline', nextPollAt: null, failures: 0 });
    const resumedAt = clock.now();
    p.setPaused(null);
    await clock.advance(0); // lets the loop take its turn before virtual time moves on
    await clock.advance(5 * S);
    expect(fake.calls).toEqual([expect.any(Number), resumedAt]);
    expect(events).toMatchObject([{ ok: true, reason: 'unpause' }]);
  });

  it('never overlaps: many triggers during a slow poll share one follow-up', async () => {
    const clock = new VirtualClock();
    const fake = fakePoll(clock, [ok()], 10 * S);
    const { poller: p } = make(clock, fake.poll);
    p.start();
    await clock.advance(1 * S);
    const waits = Array.from({ length: 50 }, (_, i) => p.trigger(i % 2 ? 'refresh' : 'window-open'));
    await clock.advance(25 * S);
    expect(fake.maxConcurrent()).toBe(1);
    expect(fake.calls).toHaveLength(2); // the slow one, then exactly one follow-up
    const served = await Promise.all(waits);
    expect(new Set(served)).toHaveLength(1); // all triggers share the follow-up's event
    expect(served[0]).toMatchObject({ ok: true, reason: 'window-open' });
  });

  it('serves each trigger kind with a poll right away (after the minimum gap)', async () => {
    const clock = new VirtualClock();
    const fake = fakePoll(clock, [ok()]);
    const { poller: p, events } = make(clock, fake.poll);
    p.start();
    await clock.advance(0);
    for (const reason of ['resume', 'reconnect', 'window-open', 'refresh'] as const) {
      await clock.advance(10 * S);
      const before = clock.now();
      const done = p.trigger(reason);
      await clock.advance(0);
      expect(await done).toMatchObject({ ok: true, reason, at: before });
    }
    expect(events.map((e) => e.reason)).toEqual(['start', 'resume', 'reconnect', 'window-open', 'refresh']);
    // Back-to-back triggers are held to the minimum gap so a burst cannot hammer ARM.
    await clock.advance(10 * S);
    const t = clock.now();
    const first = p.trigger('refresh');
    await clock.advance(0);
    const second = p.trigger('refresh');
    await clock.advance(2 * S);
    expect((await first)?.at).toBe(t);
    expect((await second)?.at).toBe(t + 2 * S);
  });

  it('a trigger resets the regular schedule instead of adding a poll soon after', async () => {
    const clock = new VirtualClock();
    const fake = fakePoll(clock, [ok()]);
    const { poller: p } = make(clock, fake.poll);
    p.start();
    await clock.advance(30 * S);
    await p.trigger('window-open');
    await clock.advance(59 * S);
    expect(fake.calls).toHaveLength(2);
    await clock.advance(1 * S);
    expect(fake.calls).toHaveLength(3);
  });

  it('stop() aborts the poll under way, resolves waiting triggers with null and leaves no timers', async () => {
    const clock = new VirtualClock();
    const fake = fakePoll(clock, [ok()], 10 * S);
    const { poller: p, events } = make(clock, fake.poll);
    p.start();
    await clock.advance(1 * S);
    const waiting = p.trigger('refresh');
    const stopped = p.stop();
    await clock.advance(0);
    await stopped;
    expect(await waiting).toBeNull();
    expect(fake.signals[0]?.aborted).toBe(true);
    await clock.advance(30 * MIN);
    expect(fake.calls).toHaveLength(1);
    expect(events).toEqual([]);
    expect(clock.pendingSleepers()).toBe(0);
    expect(p.status().running).toBe(false);
    expect(await p.trigger('refresh')).toBeNull();
  });

  it('keeps polling when a listener throws or the poll throws', async () => {
    const clock = new VirtualClock();
    let n = 0;
    const poll = async (): Promise<PollResult> => {
      n += 1;
      if (n === 1) throw new Error('bug');
      return ok();
    };
    const { poller: p, events } = make(clock, poll, { random: () => 1 });
    p.onPoll(() => {
      throw new Error('listener bug');
    });
    p.start();
    await clock.advance(0);
    expect(events[0]).toMatchObject({ ok: false, error: { kind: 'internal' } });
    await clock.advance(30 * S);
    expect(events[1]).toMatchObject({ ok: true, reason: 'retry' });
  });

  it('applies a new interval from the next wait', async () => {
    const clock = new VirtualClock();
    const fake = fakePoll(clock, [ok()]);
    const { poller: p } = make(clock, fake.poll);
    p.start();
    await clock.advance(0);
    p.setIntervalMs(5 * MIN);
    await clock.advance(60 * S); // the wait already booked still runs out
    await clock.advance(5 * MIN);
    expect(gaps(fake.calls)).toEqual([60 * S, 5 * MIN]);
  });
});
