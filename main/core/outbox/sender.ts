/**
 * Sends one decision that the journal already shows as `sending`, and returns the
 * state-machine event that records what Azure said. Performs no journal I/O itself.
 *
 * Exactly once: the ARM client's decide() reads the stage before writing (mine → done,
 * someone else's → conflict, expired → expired). When an earlier attempt of this entry
 * may have reached Azure (attempt > 1: a crash in `sending`, a timeout, a 5xx), the
 * sender reads the stage itself first and never calls decide() on a stage that is no
 * longer open — so the guarantee holds even with an ArmApi that skipped its own check.
 * Never logs the justification.
 */
import type { ArmApi, ArmError, CallMeta } from '../arm/types';
import { classifyError, describeOutcome, entryError, precheckStage } from './classify';
import type { RateBudget } from './rate-budget';
import type { OutboxEvent } from './state-machine';
import type { AttemptTrace, OutboxEntry } from './types';

/** Where one kind's decisions go: the ARM client, or the Graph client for Graph kinds. */
export type DecisionRoute = Pick<ArmApi, 'getStage' | 'decide'>;

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
}

export interface SendResult {
  event: OutboxEvent;
  /** For the run's bookkeeping: a 429, a sign of being offline, a refused token. */
  throttled: boolean;
  offline: boolean;
  signedOut: boolean;
}

export async function sendDecision(entry: OutboxEntry, deps: SendDeps, signal?: AbortSignal): Promise<SendResult> {
  const trace = (meta: CallMeta | undefined): AttemptTrace[] =>
    meta && meta.clientRequestId ? [{ attempt: entry.attempts, clientRequestId: meta.clientRequestId, requestId: meta.requestId, at: deps.now() }] : [];

  const onError = (error: ArmError): SendResult => {
    const c = classifyError(error);
    const t = trace(error.meta);
    const info = entryError(error);
    switch (c.kind) {
      case 'transient':
        if (c.throttled && c.retryAfterMs) {
          // Everyone sharing the budget waits, not just this entry.
          deps.writes.pause(c.retryAfterMs);
          deps.reads.pause(c.retryAfterMs);
        }
        return {
          event: { type: 'transient', error: info, random: deps.random(), trace: t, ...(c.retryAfterMs !== undefined ? { retryAfterMs: c.retryAfterMs } : {}) },
          throttled: c.throttled,
          offline: c.offline,
          signedOut: false,
        };
      case 'signed-out':
        return {
          event: { type: 'signed-out', error: { ...info, message: `Sign in again to send this decision. ${info.message}` }, waitMs: deps.signedOutWaitMs, trace: t },
          throttled: false,
          offline: false,
          signedOut: true,
        };
      case 'failed':
        return { event: { type: 'failed', error: info, message: c.message, trace: t }, throttled: false, offline: false, signedOut: false };
      case 'expired':
        return {
          event: { type: 'outcome', outcome: 'expired', message: 'Expired before it could be sent', decidedBy: null, trace: t },
          throttled: false,
          offline: false,
          signedOut: false,
        };
    }
  };
  const quiet = { throttled: false, offline: false, signedOut: false };

  if (entry.attempts > 1) {
    await deps.reads.take(1, signal);
    const stage = await deps.api.getStage(entry.stageId, signal);
    if (!stage.ok) return onError(stage.error);
    const check = precheckStage(stage.value, { result: entry.result, justification: entry.justification, me: deps.me });
    if (check.verdict === 'resolved') {
      const { message, decidedBy } = describeOutcome(check.outcome, entry.result);
      return { event: { type: 'outcome', outcome: check.outcome.outcome, message, decidedBy, trace: trace(stage.meta) }, ...quiet };
    }
    if (check.verdict === 'mine-other-result') {
      return { event: { type: 'failed', error: { message: check.message, code: 'AlreadyReviewed' }, message: check.message, trace: trace(stage.meta) }, ...quiet };
    }
  }

  // decide() costs a read before and after the write.
  await deps.reads.take(2, signal);
  await deps.writes.take(1, signal);
  const decided = await deps.api.decide(entry.stageId, entry.result, entry.justification, signal);
  if (!decided.ok) return onError(decided.error);
  const { message, decidedBy } = describeOutcome(decided.value, entry.result);
  return { event: { type: 'outcome', outcome: decided.value.outcome, message, decidedBy, trace: trace(decided.meta) }, ...quiet };
}
