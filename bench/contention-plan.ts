/**
 * The contention soak's script, drawn from one seed so a run can be replayed: which of the
 * three deciders (the app core and two CLI lanes) decides each stage and with which verb,
 * in what order, and when which process is stopped (SIGSTOP … SIGCONT) or killed. Pure: no
 * I/O, no clock; contention-soak.ts plays it.
 */
import type { Rng } from '../main/core/random';

export type Decider = 'app' | 'cliA' | 'cliB';
export type Verb = 'Approve' | 'Deny';
export const DECIDERS: readonly Decider[] = ['app', 'cliA', 'cliB'];

export interface PlannedDecision {
  /** Index into the soak's stage list. */
  stage: number;
  decider: Decider;
  verb: Verb;
  /** Where in its decider's turn order it comes: near the stage index, so deciders of one stage meet in time. */
  order: number;
  /** CLI only: name the request by its id (resolved by a lookup) instead of the stage id. */
  byRequestId: boolean;
}

/** Who decides each stage: two or three deciders, mostly the app with one CLI (the cheap pairing). */
function decidersOf(rng: Rng): Decider[] {
  const r = rng();
  if (r < 0.25) return ['app', 'cliA', 'cliB'];
  if (r < 0.6) return ['app', 'cliA'];
  if (r < 0.9) return ['app', 'cliB'];
  return ['cliA', 'cliB'];
}

function shuffled<T>(items: readonly T[], rng: Rng): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

/**
 * Every stage gets 2–3 deciders; the first drawn verb is Approve two times in three, each
 * later decider keeps it or takes the opposite one at even odds, so some stages see the
 * same verb twice and some see both. Which decision is recorded first is settled by the
 * race itself; the soak judges against the journal, not against this order.
 */
export function planDecisions(stageCount: number, rng: Rng, jitter = 6): PlannedDecision[] {
  const plan: PlannedDecision[] = [];
  for (let stage = 0; stage < stageCount; stage++) {
    const deciders = shuffled(decidersOf(rng), rng);
    const first: Verb = rng() < 2 / 3 ? 'Approve' : 'Deny';
    deciders.forEach((decider, i) => {
      const verb: Verb = i === 0 || rng() < 0.5 ? first : first === 'Approve' ? 'Deny' : 'Approve';
      plan.push({ stage, decider, verb, order: stage + (rng() * 2 - 1) * jitter, byRequestId: decider !== 'app' && rng() < 0.2 });
    });
  }
  return plan;
}

/** One decider's turn order. */
export function turnsOf(plan: readonly PlannedDecision[], decider: Decider): PlannedDecision[] {
  return plan.filter((p) => p.decider === decider).sort((a, b) => a.order - b.order);
}

export interface ChaosEvent {
  /** Ms after the deciding phase starts. */
  atMs: number;
  action: 'stop' | 'kill';
  target: Decider;
  /** SIGSTOP only: how long the process stays stopped before SIGCONT. */
  holdMs?: number;
  /**
   * Wait (briefly) for the target to start sending before striking, so the stop or kill
   * lands between the stage read and the write — the window fencing exists for. Otherwise
   * it strikes wherever the process is (start-up, lookup, journal, idle).
   */
  midSend: boolean;
}

export interface ChaosOptions {
  /** Events fall within [startMs, windowMs]; a hold may run past the window's end. */
  startMs: number;
  windowMs: number;
  stops: number;
  kills: number;
  holdMinMs: number;
  holdMaxMs: number;
  /**
   * Holds at or beyond this (the drain lock's 30 s staleness) make another process take
   * the lock while the stopped one still believes it holds it. `longStops` of the stops
   * are drawn from [longHoldMs, holdMaxMs] so every run has some.
   */
  longHoldMs: number;
  longStops: number;
  /** The drain lock's staleness (30 s in main/core/outbox). */
  staleMs: number;
}

export function planChaos(rng: Rng, o: ChaosOptions): ChaosEvent[] {
  const events: ChaosEvent[] = [];
  const at = () => Math.round(o.startMs + rng() * (o.windowMs - o.startMs));
  const target = () => DECIDERS[Math.floor(rng() * DECIDERS.length)] as Decider;
  for (let i = 0; i < o.stops; i++) {
    const long = i < o.longStops;
    const lo = long ? o.longHoldMs : o.holdMinMs;
    // Short stops stay within the staleness: only a long (mid-send) stop may lose the lock.
    const hi = long ? o.holdMaxMs : Math.min(o.holdMaxMs, o.longHoldMs, o.staleMs);
    // A long stop only matters mid-send: another process then takes the lock and the stage.
    events.push({ atMs: at(), action: 'stop', target: target(), holdMs: Math.round(lo + rng() * (hi - lo)), midSend: long || rng() < 0.5 });
  }
  for (let i = 0; i < o.kills; i++) events.push({ atMs: at(), action: 'kill', target: target(), midSend: rng() < 0.5 });
  return events.sort((a, b) => a.atMs - b.atMs);
}
