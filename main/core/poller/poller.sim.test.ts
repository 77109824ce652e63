/**
 * The poller against the real ARM client and the real PIM simulator on loopback, on one
 * VirtualClock: what it costs (the simulator's call log), how it backs off, honours
 * Retry-After, pauses, never overlaps, and how long a new request takes to be reported.
 * The client's own retries are off (maxAttempts 1) so every call in the log is the poller's.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type RunningSimulator } from '../../demo/simulator';
import { createArmClient } from '../arm/client';
import { VirtualClock } from '../clock';
import { azureResourceService } from '../services/azure-resource';
import { createPoller, type PollEvent, type Poller } from './poller';
import { seededRng } from '../random';
import { drivePoller } from '../../../test/kit/virtual-time';

const S = 1000;
const MIN = 60 * S;


interface World {
  clock: VirtualClock;
  s: RunningSimulator;
  poller: Poller;
  events: PollEvent[];
  lists: () => { at: number; status: number }[];
  /** Waits (real time) until the poll under way, if any, has finished. */
  settle(): Promise<void>;
  /** Moves virtual time to `t`, stopping at every poll and letting it finish first. */
  runUntil(t: number): Promise<void>;
}

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function world(options: { random?: () => number; latencyMs?: number; scenario?: string } = {}): Promise<World> {
  const clock = new VirtualClock();
  const s = await startSimulator({ clock, scenario: options.scenario ?? 'quiet', knobs: { readBucket: { burst: 100_000, perSecond: 10_000 }, latencyMs: options.latencyMs ?? 0 } });
  cleanups.push(() => s.close());
  const api = createArmClient({ endpoint: s.url, getToken: async () => s.tokens.me, clock, retry: { maxAttempts: 1 }, timeoutMs: 2_000 });
  const poller = createPoller({ clock, poll: azureResourceService(api).waiting({ accountId: 'acct', principalId: null }), random: options.random ?? seededRng(7) });
  cleanups.push(() => poller.stop());
  const events: PollEvent[] = [];
  poller.onPoll((e) => events.push(e));
  const { settle, runUntil } = drivePoller(poller, clock);
  const lists = () => s.sim.callLog().filter((c) => c.route === 'listScheduleRequests').map((c) => ({ at: c.at, status: c.status }));
  return { clock, s, poller, events, lists, settle, runUntil };
}

const gaps = (xs: number[]) => xs.slice(1).map((x, i) => x - (xs[i] as number));

describe('poller on the simulator', () => {
  it('a quiet poll costs exactly one list call, about once a minute', async () => {
    const w = await world();
    w.poller.start();
    await w.settle();
    expect(w.events[0]).toMatchObject({ ok: true, reason: 'start' });
    const firstItems = w.events[0]?.ok ? w.events[0].items.length : 0;
    expect(firstItems).toBeGreaterThan(0);
    w.s.sim.clearLog();
    const t0 = w.clock.now();
    await w.runUntil(t0 + 30 * MIN);
    const log = w.s.sim.callLog();
    const polls = w.events.length - 1;
    expect(log.map((c) => c.route)).toEqual(Array.from({ length: polls }, () => 'listScheduleRequests'));
    expect(polls).toBeGreaterThanOrEqual(27);
    expect(polls).toBeLessThanOrEqual(34);
    for (const g of gaps([t0 - 0, ...log.map((c) => c.at)]).slice(1)) {
      expect(g).toBeGreaterThanOrEqual(54 * S);
      expect(g).toBeLessThanOrEqual(66 * S);
    }
    expect(w.events.slice(1).every((e) => e.ok && e.diff.added.length + e.diff.removed.length + e.diff.changed.length === 0)).toBe(true);
  });

  it('reports a new request as added, costing one list plus its one approval GET', async () => {
    const w = await world();
    w.poller.start();
    await w.settle();
    const created = w.s.sim.createRequest({ requester: 'requester', approvers: ['me'], role: 'Owner', justification: 'Deploy hotfix INC-42' });
    w.s.sim.clearLog();
    await w.runUntil(w.clock.now() + 70 * S);
    const added = w.events.flatMap((e) => (e.ok ? e.diff.added : []));
    expect(added.map((i) => i.requestName)).toContain(created.requestId);
    expect(w.s.sim.callLog().map((c) => c.route)).toEqual(['listScheduleRequests', 'getApproval']);
  });

  it('backs off exponentially while ARM fails, capped at 15 min, and returns to the interval', async () => {
    const w = await world({ random: () => 1 });
    w.poller.start();
    await w.settle();
    w.s.sim.setKnobs({ errorRate: 1 });
    w.s.sim.clearLog();
    await w.runUntil(w.clock.now() + 60 * MIN);
    const failing = w.lists().map((c) => c.at);
    expect(failing).toHaveLength(8);
    // First failing poll a regular 66 s after the start, then 30, 60, 120, 240, 480, 900 s …
    expect(gaps(failing).map((g) => g / S)).toEqual([30, 60, 120, 240, 480, 900, 900]);
    w.s.sim.setKnobs({ errorRate: 0 });
    w.s.sim.clearLog();
    await w.runUntil(w.clock.now() + 20 * MIN);
    const after = w.lists().map((c) => c.at);
    expect(after.length).toBeGreaterThanOrEqual(2);
    expect(gaps(after).every((g) => g === 66 * S)).toBe(true);
    expect(w.poller.status().failures).toBe(0);
  }, 60_000);

  it('honours Retry-After from a 429: the next call comes no sooner, even when asked', async () => {
    const w = await world({ random: () => 0.5 });
    w.poller.start();
    await w.settle();
    // Leave one token that refills at 0.005/s: the next poll passes, the one after is throttled.
    w.s.sim.setKnobs({ readBucket: { burst: 1, perSecond: 0.005 } });
    w.s.sim.clearLog();
    await w.runUntil(w.clock.now() + 2 * MIN);
    const throttled = w.events.find((e) => !e.ok);
    expect(throttled).toMatchObject({ ok: false, error: { kind: 'throttled' } });
    const retryAfterMs = throttled && !throttled.ok ? (throttled.error.retryAfterMs ?? 0) : 0;
    expect(retryAfterMs).toBeGreaterThan(60 * S);
    const refresh = w.poller.trigger('refresh');
    await w.runUntil((throttled?.at ?? 0) + retryAfterMs + 1 * S);
    await refresh;
    const calls = w.lists();
    const after = calls.filter((c) => c.at > (throttled?.at ?? 0));
    expect(after.length).toBe(1);
    expect(after[0]?.at).toBe((throttled?.at ?? 0) + retryAfterMs);
  });

  it('polls nothing while paused and at once on resume', async () => {
    const w = await world();
    w.poller.start();
    await w.settle();
    w.poller.setPaused('signed-out');
    w.s.sim.clearLog();
    await w.runUntil(w.clock.now() + 30 * MIN);
    expect(w.lists()).toEqual([]);
    const resumedAt = w.clock.now();
    w.poller.setPaused(null);
    await w.settle();
    expect(w.lists()).toEqual([{ at: resumedAt, status: 200 }]);
    expect(w.events.at(-1)).toMatchObject({ ok: true, reason: 'unpause' });
  });

  it('never overlaps: a slow poll and many triggers make one follow-up call', async () => {
    const w = await world({ latencyMs: 150 });
    w.poller.start();
    await w.clock.advance(0);
    expect(w.poller.status().polling).toBe(true);
    const triggers = Array.from({ length: 30 }, () => w.poller.trigger('refresh'));
    await w.settle();
    await w.runUntil(w.clock.now() + 3 * S); // the follow-up waits out the 2 s minimum gap
    await Promise.all(triggers);
    expect(w.lists()).toHaveLength(2);
    expect(w.events.map((e) => e.reason)).toEqual(['start', 'refresh']);
  });

  it('measures the delay from a request appearing to the poller reporting it (60 s interval, 200 requests)', async () => {
    const w = await world({ random: seededRng(11) });
    const rnd = seededRng(42);
    const horizon = 300 * MIN;
    const times = Array.from({ length: 200 }, () => Math.floor(rnd() * horizon)).sort((a, b) => a - b);
    const createdAt = new Map<string, number>();
    const delays: number[] = [];
    w.poller.onPoll((e) => {
      if (!e.ok) return;
      for (const item of e.diff.added) {
        const at = createdAt.get(item.requestName);
        if (at !== undefined) delays.push(e.at - at);
      }
    });
    const t0 = w.clock.now();
    w.poller.start();
    await w.settle();
    for (const t of times) {
      await w.runUntil(t0 + t);
      const { requestId } = w.s.sim.createRequest({ requester: 'requester', approvers: ['me'] });
      createdAt.set(requestId, w.clock.now());
    }
    await w.runUntil(w.clock.now() + 2 * MIN);
    expect(delays).toHaveLength(200);
    const sorted = [...delays].sort((a, b) => a - b);
    const median = ((sorted[99] as number) + (sorted[100] as number)) / 2;
    const max = sorted[199] as number;
    const errors = w.events.filter((e) => !e.ok).length;
    console.log(`[notify-delay] 200 requests at random times over ${horizon / MIN} min, interval 60 s ±10 %: median ${(median / S).toFixed(1)} s, p90 ${((sorted[179] as number) / S).toFixed(1)} s, max ${(max / S).toFixed(1)} s, polls ${w.events.length}, failed polls ${errors}`);
    expect(median).toBeGreaterThan(20 * S);
    expect(median).toBeLessThan(40 * S);
    expect(max).toBeLessThanOrEqual(66 * S);
  }, 120_000);
});
