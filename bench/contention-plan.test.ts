/**
 * The contention soak's script: the promises its plan makes (2–3 distinct deciders per
 * stage, both same-verb and opposite-verb meetings, stops that outlive the drain lock's
 * staleness) hold for the seed the benchmark uses, and one seed replays one plan.
 */
import { describe, expect, it } from 'vitest';
import { seededRng } from '../main/core/random';
import { planChaos, planDecisions, turnsOf } from './contention-plan';

const SEED = 20261203;

describe('planDecisions', () => {
  const plan = planDecisions(200, seededRng(SEED));
  const byStage = Array.from({ length: 200 }, (_, i) => plan.filter((p) => p.stage === i));

  it('gives every stage two or three distinct deciders', () => {
    for (const decisions of byStage) {
      expect(decisions.length).toBeGreaterThanOrEqual(2);
      expect(decisions.length).toBeLessThanOrEqual(3);
      expect(new Set(decisions.map((d) => d.decider)).size).toBe(decisions.length);
    }
  });

  it('has stages decided twice with the same verb and stages decided both ways', () => {
    const oneVerb = byStage.filter((d) => new Set(d.map((x) => x.verb)).size === 1).length;
    const both = byStage.filter((d) => new Set(d.map((x) => x.verb)).size === 2).length;
    expect(oneVerb).toBeGreaterThan(20);
    expect(both).toBeGreaterThan(20);
  });

  it('names requests by id only on the command line, and keeps each turn order near its stage', () => {
    expect(plan.filter((p) => p.byRequestId).length).toBeGreaterThan(0);
    expect(plan.filter((p) => p.decider === 'app' && p.byRequestId)).toEqual([]);
    for (const p of plan) expect(Math.abs(p.order - p.stage)).toBeLessThanOrEqual(6);
    const turns = turnsOf(plan, 'cliA');
    expect(turns.length).toBeGreaterThan(0);
    expect(turns.every((t, i) => i === 0 || (turns[i - 1]?.order ?? -Infinity) <= t.order)).toBe(true);
  });

  it('replays from its seed', () => {
    expect(planDecisions(200, seededRng(SEED))).toEqual(plan);
  });
});

describe('planChaos', () => {
  const options = { startMs: 4_000, windowMs: 135_000, stops: 8, kills: 8, holdMinMs: 2_000, holdMaxMs: 35_000, longHoldMs: 33_000, longStops: 4, staleMs: 30_000 };
  const chaos = planChaos(seededRng(SEED), options);

  it('plans the stops and kills asked for, in time order, inside the window', () => {
    expect(chaos.filter((c) => c.action === 'stop')).toHaveLength(8);
    expect(chaos.filter((c) => c.action === 'kill')).toHaveLength(8);
    for (const c of chaos) expect(c.atMs).toBeGreaterThanOrEqual(options.startMs);
    for (const c of chaos) expect(c.atMs).toBeLessThanOrEqual(options.windowMs);
    expect(chaos.every((c, i) => i === 0 || (chaos[i - 1]?.atMs ?? 0) <= c.atMs)).toBe(true);
  });

  it('times some stops and some kills to land mid-send, and leaves others at random moments', () => {
    for (const action of ['stop', 'kill'] as const) {
      const events = chaos.filter((c) => c.action === action);
      expect(events.some((c) => c.midSend)).toBe(true);
      expect(events.some((c) => !c.midSend)).toBe(true);
    }
  });

  it('holds every stop 2–35 s, and some beyond the drain lock staleness (30 s)', () => {
    const holds = chaos.flatMap((c) => (c.action === 'stop' ? [c.holdMs ?? -1] : []));
    for (const h of holds) expect(h).toBeGreaterThanOrEqual(2_000);
    for (const h of holds) expect(h).toBeLessThanOrEqual(35_000);
    expect(holds.filter((h) => h > 30_000).length).toBeGreaterThanOrEqual(4);
    // …and those land mid-send, where losing the lock matters.
    for (const c of chaos) if ((c.holdMs ?? 0) > 30_000) expect(c.midSend).toBe(true);
  });
});
