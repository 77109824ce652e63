/**
 * Sends one decision that the journal already shows as `sending`, and returns the
 * state-machine event that records what Azure said. Performs no journal I/O itself.
 *
 * Exactly once:
 * - the decide flow reads the stage before writing and reads it back (with backoff) after;
 * - when an earlier attempt may have reached Azure (attempt > 1: a crash in `sending`, a
 *   timeout, a 5xx), the sender reads the stage itself first and never calls decide() on a
 *   stage that is no longer open — so the guarantee holds even with a route that skipped
 *   its own check;
 * - while a write Azure accepted may still be applied (`inFlightSince`, younger than the
 *   settle time), the sender only reads: settled → outcome, still open → later, never a
 *   second write; after the settle time the write is taken as lost and one new write goes;
 * - the caller's fence (`beforeWrite`) is asked by the decide flow right before each write.
 * Never logs the justification.
 */
import type { ArmApi, ArmError, CallMeta, DecideOutcome } from '../arm/types';
import { classifyError, describeOutcome, entryError, precheckStage } from './classify';
import { budgetMeter, type RateBudget } from './rate-budget';
import type { OutboxEvent } from './state-machine';
import type { AttemptTrace, OutboxEntry } from './types';

/**
 * Where one kind's decisions go: its service (ARM, or Graph for Graph kinds), and the rate
 * budget its calls draw from when the service has its own (else the outbox's shared one).
 */
export type DecisionRoute = Pick<ArmApi, 'getStage' | 'decide'> & { budgets?: { reads: RateBudget; writes: RateBudget } };

/**
 * How long a write Azure accepted but does not show yet is waited for before it is taken
 * as lost and written once more. ARM writes have taken over 10 s (pim-api.md); minutes
 * mean the write is gone, and the approval window (24 h) leaves room to wait that long.
 */
export const DEFAULT_WRITE_SETTLE_MS = 10 * 60_000;

export const NOT_SHOWN_YET = 'Azure has not shown the decision yet; it was sent and may still be applied, so it is checked again rather than sent twice.';

export interface SendDeps {
  api: DecisionRoute;
  reads: RateBudget;
  writes: RateBudget;
  now: () => number;
  random: () => number;
  /** My principal id for this account, when known (else the justification rule applies). */
  me: string | null;
  /** How long a refused token parks the entry before the next try. */
  signedOutWaitMs: number;
  /** Asked right before every write; false (this process lost its lock) → nothing is written. */
  beforeWrite?: () => Promise<boolean>;
  /** See DEFAULT_WRITE_SETTLE_MS. */
  writeSettleMs?: number;
}

export interface SendResult {
  event: OutboxEvent;
  /** For the run's bookkeeping: a 429, a sign of being offline, a refused token. */
  throttled: boolean;
  offline: boolean;
  signedOut: boolean;
  /** beforeWrite said no: nothing was written, and the drain must not record `event`. */
  fenced: boolean;
}

/**
 * Whether an earlier write may still be applied: stamped, and the stamp not yet a settle
 * time away (either way, so a clock that jumped back cannot hold an entry for ever).
 */
export function writeMayBeInFlight(entry: OutboxEntry, now: number, settleMs: number): boolean {
  const since = entry.inFlightSince;
  if (since === null || since === undefined) return false;
  return Math.abs(now - since) < settleMs;
}

export async function sendDecision(entry: OutboxEntry, deps: SendDeps, signal?: AbortSignal): Promise<SendResult> {
  const trace = (meta: CallMeta | undefined): AttemptTrace[] =>
    meta && meta.clientRequestId ? [{ attempt: entry.attempts, clientRequestId: meta.clientRequestId, requestId: meta.requestId, at: deps.now() }] : [];
  const quiet = { throttled: false, offline: false, signedOut: false, fenced: false };

  const onError = (error: ArmError): SendResult => {
    const c = classifyError(error);
    const t = trace(error.meta);
    const info = entryError(error);
    switch (c.kind) {
      case 'transient':
        // A 429 has already paused everyone sharing the budget (the meter, in the HTTP layer).
        return {
          event: {
            type: 'transient',
            error: info,
            random: deps.random(),
            trace: t,
            ...(c.retryAfterMs !== undefined ? { retryAfterMs: c.retryAfterMs } : {}),
            // Only decide() reports a write in flight, and it wrote in this very attempt.
            ...(c.writeMayBeInFlight ? { writeMayBeInFlight: true, newWrite: true } : {}),
          },
          ...quiet,
          throttled: c.throttled,
          offline: c.offline,
        };
      case 'fenced':
        return { event: { type: 'transient', error: info, random: deps.random(), trace: t }, ...quiet, fenced: true };
      case 'signed-out':
        return {
          event: { type: 'signed-out', error: { ...info, message: `Sign in again to send this decision. ${info.message}` }, waitMs: deps.signedOutWaitMs, trace: t },
          ...quiet,
          signedOut: true,
        };
      case 'failed':
        return { event: { type: 'failed', error: info, message: c.message, trace: t }, ...quiet };
      case 'expired':
        return { event: { type: 'outcome', outcome: 'expired', message: 'Expired before it could be sent', decidedBy: null, trace: t }, ...quiet };
    }
  };

  const inFlight = writeMayBeInFlight(entry, deps.now(), deps.writeSettleMs ?? DEFAULT_WRITE_SETTLE_MS);
  // Every call is charged as it is made, in the HTTP layer: a retried read, each body form
  // tried and each confirming read take their own token, and a 429 pauses the budget.
  const meter = budgetMeter({ reads: deps.reads, writes: deps.writes });
  if (inFlight || entry.attempts > 1) {
    const stage = await deps.api.getStage(entry.stageId, signal, meter);
    if (!stage.ok) return onError(stage.error);
    const check = precheckStage(stage.value, { result: entry.result, justification: entry.justification, me: deps.me });
    if (check.verdict === 'resolved') {
      const { message, decidedBy } = describeOutcome(check.outcome, entry.result);
      return { event: { type: 'outcome', outcome: check.outcome.outcome, message, decidedBy, trace: trace(stage.meta), ...reviewedAtOf(check.outcome) }, ...quiet };
    }
    if (check.verdict === 'mine-other-result') {
      return { event: { type: 'failed', error: { message: check.message, code: 'AlreadyReviewed' }, message: check.message, trace: trace(stage.meta) }, ...quiet };
    }
    if (inFlight) {
      // Still open, and the write we sent may still land: look again later, never write now.
      return {
        event: { type: 'transient', error: { message: NOT_SHOWN_YET }, random: deps.random(), trace: trace(stage.meta), writeMayBeInFlight: true },
        ...quiet,
      };
    }
  }

  const decided = await deps.api.decide(entry.stageId, entry.result, entry.justification, signal, { meter, ...(deps.beforeWrite ? { beforeWrite: deps.beforeWrite } : {}) });
  if (!decided.ok) return onError(decided.error);
  const { message, decidedBy } = describeOutcome(decided.value, entry.result);
  return { event: { type: 'outcome', outcome: decided.value.outcome, message, decidedBy, trace: trace(decided.meta), ...reviewedAtOf(decided.value) }, ...quiet };
}

/** Azure's review time from the stage the outcome was read from; nothing when there was no stage (it vanished). */
function reviewedAtOf(outcome: DecideOutcome): { reviewedAt?: string | null } {
  return outcome.stage ? { reviewedAt: outcome.stage.reviewedDateTime } : {};
}
