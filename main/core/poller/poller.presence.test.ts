/**
 * Adaptive polling on the virtual clock: the short interval while the user is at the
 * machine, the normal one when idle, locked or on battery, a poll at once on unlock — and
 * never two polls at once, never sooner than a back-off or Retry-After allows.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { createPoller, type PollEvent, type Poller, type PollResult } from './poller';
import { defaultPollSchedulePolicy, intervalDelayMs, intervalFor, type PresenceInput } from './schedule';

const S = 1000;
const MIN = 60 * S;
const here: PresenceInput = { presence: 'active', powerSaver: false };
const idle: PresenceInput = { presence: 'idle', powerSaver: false };
const locked: PresenceInput = { presence: 'locked', powerSaver: false };
const onBattery: PresenceInput = { presence: 'active', powerSaver: true };

const ok: PollResult = { ok: true, value: [] };

/** A poll that answers from `script` (the last answer repeats) after `latencyMs`, recording starts and overlap. */
function scriptedPoll(clock: VirtualClock, script: PollResult[], latencyMs = 0) {
  const calls: number[] = [];
  let running = 0;
  let maxConcurrent = 0;
  const poll = async (signal: AbortSignal): Promise<PollResult> => {
    calls.push(clock.now());
    running += 1;
    maxConcurrent = Math.max(maxConcurrent, running);
    try {
      if (latencyMs > 0) await clock.sleep(latencyMs, signal);
      return (script.length > 1 ? script.shift() : script[0]) ?? ok;
    } finally {
      running -= 1;
    }
  };
  return { poll, calls, maxConcurrent: () => maxConcurrent };
}

let poller: Poller | null = null;
afterEach(async () => {
  await poller?.stop();
  poller = null;
});

/** Starts a poller and lets its first poll (at once) begin before virtual time moves. */
async function start(clock: VirtualClock, poll: (s: AbortSignal) => Promise<PollResult>, presence: PresenceInput, random: () => number = () => 0.5) {
  const p = createPoller({ clock, poll, random, presence });
  poller = p;
  const events: PollEvent[] = [];
  p.onPoll((e) => events.push(e));
  p.start();
  await clock.advance(0);
  return { p, events };
}

/** Tells the poller, and lets its loop re-time the wait before virtual time moves on. */
async function tell(clock: VirtualClock, p: Poller, input: PresenceInput): Promise<void> {
  p.setPresence(input);
  await clock.advance(0);
}

/** Start times in seconds after t0. */
const secondsSince = (t0: number, calls: number[]) => calls.map((t) => (t - t0) / S);

describe('the interval for the user’s presence', () => {
  it('is the short one only for a user at an unlocked machine on mains power', () => {
    const p = defaultPollSchedulePolicy;
    expect([here, idle, locked, onBattery].map((input) => intervalFor(p, input))).toEqual([15 * S, 60 * S, 60 * S, 60 * S]);
    // Being there never makes checks rarer, whatever the two settings say.
    expect(intervalFor({ ...p, activeIntervalMs: 5 * MIN }, here)).toBe(60 * S);
  });

  it('moves the short interval by at most ±10 %', () => {
    const p = defaultPollSchedulePolicy;
    expect(intervalDelayMs(p, () => 0, here)).toBe(13.5 * S);
    expect(intervalDelayMs(p, () => 0.5, here)).toBe(15 * S);
    expect(intervalDelayMs(p, () => 0.999999, here)).toBeLessThanOrEqual(16.5 * S);
  });
});

describe('createPoller with presence', () => {
  it('active → idle → locked → unlock gives the expected poll times', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const fake = scriptedPoll(clock, [ok]);
    const { p, events } = await start(clock, fake.poll, here);
    await clock.advance(70 * S);
    expect(secondsSince(t0, fake.calls)).toEqual([0, 15, 30, 45, 60]);
    await tell(clock, p, idle); // the wait booked for 75 s is re-timed from the last check: 60 + 60
    await clock.advance(130 * S); // to 200 s
    expect(secondsSince(t0, fake.calls)).toEqual([0, 15, 30, 45, 60, 120, 180]);
    await tell(clock, p, locked); // still the normal interval: 180 + 60
    await clock.advance(50 * S); // to 250 s
    expect(secondsSince(t0, fake.calls)).toEqual([0, 15, 30, 45, 60, 120, 180, 240]);
    await tell(clock, p, here); // unlock: a check at once, then the short interval again
    await clock.advance(30 * S); // to 280 s
    expect(secondsSince(t0, fake.calls)).toEqual([0, 15, 30, 45, 60, 120, 180, 240, 250, 265, 280]);
    expect(events.map((e) => e.reason).slice(7, 10)).toEqual(['interval', 'unlock', 'interval']);
    expect(fake.maxConcurrent()).toBe(1);
  });

  it('coming back from idle polls at once when the short interval has already run out, else at its end', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const fake = scriptedPoll(clock, [ok]);
    const { p } = await start(clock, fake.poll, idle);
    await clock.advance(30 * S);
    await tell(clock, p, here); // last check at 0; 0 + 15 is past
    await clock.advance(0);
    expect(secondsSince(t0, fake.calls)).toEqual([0, 30]);
    await tell(clock, p, idle);
    await clock.advance(5 * S);
    await tell(clock, p, here); // last check at 30; 30 + 15 is still ahead
    await clock.advance(15 * S);
    expect(secondsSince(t0, fake.calls)).toEqual([0, 30, 45]);
  });

  it('keeps the short interval inside ±10 % over an hour at the desk', async () => {
    const clock = new VirtualClock();
    let r = 0;
    const seq = [0, 1, 0.25, 0.75, 0.999];
    const fake = scriptedPoll(clock, [ok]);
    await start(clock, fake.poll, here, () => seq[r++ % seq.length] as number);
    await clock.advance(60 * MIN);
    const gaps = fake.calls.slice(1).map((t, i) => t - (fake.calls[i] as number));
    expect(gaps.length).toBeGreaterThanOrEqual(218); // 3600 / 16.5
    for (const gap of gaps) {
      expect(gap).toBeGreaterThanOrEqual(13.5 * S);
      expect(gap).toBeLessThanOrEqual(16.5 * S);
    }
  });

  it('on battery keeps the normal interval, and mains power brings the short one back', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const fake = scriptedPoll(clock, [ok]);
    const { p } = await start(clock, fake.poll, onBattery);
    await clock.advance(100 * S);
    expect(secondsSince(t0, fake.calls)).toEqual([0, 60]);
    await tell(clock, p, here); // 60 + 15 is past: at once
    await clock.advance(20 * S);
    expect(secondsSince(t0, fake.calls)).toEqual([0, 60, 100, 115]);
  });

  it('never overlaps: an unlock while a slow check is under way adds no second one', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const fake = scriptedPoll(clock, [ok], 10 * S);
    const { p } = await start(clock, fake.poll, here);
    await clock.advance(26 * S); // the first check took 10 s; the second started at 25 s
    expect(p.status().polling).toBe(true);
    await tell(clock, p, locked);
    await tell(clock, p, here);
    await clock.advance(40 * S);
    // Each check takes 10 s and the next starts 15 s after one ended.
    expect(secondsSince(t0, fake.calls)).toEqual([0, 25, 50]);
    expect(fake.maxConcurrent()).toBe(1);
  });

  it('a Retry-After wins over the short interval and over an unlock', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const throttled: PollResult = { ok: false, error: { kind: 'throttled', message: 'slow down', retryAfterMs: 300 * S } };
    const fake = scriptedPoll(clock, [ok, throttled, ok]);
    const { p, events } = await start(clock, fake.poll, here);
    await clock.advance(20 * S);
    expect(events[1]).toMatchObject({ ok: false, nextPollAt: t0 + 315 * S });
    await tell(clock, p, locked);
    await clock.advance(60 * S);
    await tell(clock, p, here); // unlock at 80 s
    await clock.advance(234 * S); // to 314 s
    expect(secondsSince(t0, fake.calls)).toEqual([0, 15]);
    await clock.advance(16 * S); // to 330 s
    expect(secondsSince(t0, fake.calls)).toEqual([0, 15, 315, 330]);
  });

  it('a back-off is not shortened by an unlock', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const down: PollResult = { ok: false, error: { kind: 'http', status: 503, message: 'unavailable' } };
    const fake = scriptedPoll(clock, [ok, down, ok]);
    const { p } = await start(clock, fake.poll, idle, () => 1); // random 1: +10 % on waits, the whole back-off window
    await clock.advance(70 * S); // 0 ok, 66 fails: back-off 30 s, to 96
    await tell(clock, p, locked);
    await clock.advance(5 * S);
    await tell(clock, p, here); // unlock at 75 s
    await clock.advance(20 * S); // to 95 s
    expect(secondsSince(t0, fake.calls)).toEqual([0, 66]);
    await clock.advance(20 * S); // to 115 s: 96, then 96 + 16.5
    expect(secondsSince(t0, fake.calls)).toEqual([0, 66, 96, 112.5]);
  });

  it('applies a new short interval from the next wait', async () => {
    const clock = new VirtualClock();
    const t0 = clock.now();
    const fake = scriptedPoll(clock, [ok]);
    const { p } = await start(clock, fake.poll, here);
    await clock.advance(0);
    p.setActiveIntervalMs(30 * S);
    await clock.advance(50 * S);
    expect(secondsSince(t0, fake.calls)).toEqual([0, 15, 45]);
  });
});
