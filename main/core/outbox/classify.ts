/**
 * Sorts what Azure answered into what the outbox does next, and words it for the user
 * (ux.md: say what happened and what to do). Pure: no I/O, no clock.
 * Never puts a justification or token into a message.
 */
import type { ApprovalStage, ArmError, DecideOutcome } from '../arm/types';
import type { DecisionResult, EntryError } from './types';

export type ErrorClass =
  /**
   * Try again later with backoff: network, timeout, 5xx, 429, unparseable answer. With
   * `writeMayBeInFlight`, a write was sent and may still land: later tries only read.
   */
  | { kind: 'transient'; retryAfterMs?: number; throttled: boolean; offline: boolean; writeMayBeInFlight?: boolean }
  /** This process may no longer write (it lost the outbox lock): nothing was sent, nothing is recorded. */
  | { kind: 'fenced' }
  /** The token was refused: wait for a new sign-in, do not count against the decision. */
  | { kind: 'signed-out' }
  /** Needs the user: 403, self-approval, bad request. */
  | { kind: 'failed'; message: string }
  /** The stage is gone. */
  | { kind: 'expired'; message: string };

export function classifyError(error: ArmError): ErrorClass {
  // Whatever the status (202, 404, 409, 5xx, no answer): the stage is still open and our
  // write may yet be applied, so nothing is final and nothing is written again for now.
  if (error.writeMayBeInFlight) {
    return {
      kind: 'transient',
      writeMayBeInFlight: true,
      throttled: error.kind === 'throttled',
      offline: error.kind === 'network' || error.kind === 'timeout',
      ...(error.retryAfterMs !== undefined ? { retryAfterMs: error.retryAfterMs } : {}),
    };
  }
  switch (error.kind) {
    case 'fenced':
      return { kind: 'fenced' };
    case 'throttled':
      return { kind: 'transient', retryAfterMs: error.retryAfterMs, throttled: true, offline: false };
    case 'network':
    case 'timeout':
      return { kind: 'transient', throttled: false, offline: true };
    case 'parse':
    case 'too-large':
      // We cannot tell whether a write behind a garbled answer landed; the next attempt
      // re-reads the stage first, so retrying is safe.
      return { kind: 'transient', throttled: false, offline: false };
    case 'unauthorized':
      return { kind: 'signed-out' };
    case 'foreign-link':
      return { kind: 'failed', message: `Azure's answer pointed to another host; not followed. ${error.message}` };
    case 'http':
      return classifyHttp(error);
  }
}

function classifyHttp(error: ArmError): ErrorClass {
  const status = error.status ?? 0;
  if (status === 408 || status === 429 || status >= 500) {
    return { kind: 'transient', retryAfterMs: error.retryAfterMs, throttled: status === 429, offline: false };
  }
  // Only a read of the stage reaches here with a 404 (the decide flow re-reads after a 404 on
  // a write): the service says the request is gone.
  if (status === 404) return { kind: 'expired', message: 'The request no longer exists in Azure (expired or withdrawn).' };
  if (status === 403) {
    return { kind: 'failed', message: `Azure refused the decision (403): ${error.message || 'you may no longer be an approver for this role.'} Open it in the Azure portal.` };
  }
  if (/self-?approval/i.test(`${error.code ?? ''} ${error.message}`)) {
    return { kind: 'failed', message: `Azure refused the decision: ${error.message} (you cannot approve your own request).` };
  }
  return { kind: 'failed', message: `Azure refused the decision (${status || 'error'}): ${error.message}` };
}

export function entryError(error: ArmError): EntryError {
  const out: EntryError = { message: error.message };
  if (error.code !== undefined) out.code = error.code;
  if (error.status !== undefined) out.status = error.status;
  if (error.meta?.requestId) out.requestId = error.meta.requestId;
  return out;
}

/** The verb the user chose, as the UI shows it once Azure recorded it. */
export function doneMessage(result: DecisionResult): string {
  return result === 'Approve' ? 'Approved' : 'Denied';
}

export function conflictMessage(stage: ApprovalStage | null): string {
  const who = stage?.reviewedBy?.displayName;
  const verb = stage?.reviewResult === 'Deny' ? 'denied' : stage?.reviewResult === 'Approve' ? 'approved' : 'decided';
  return who ? `Already ${verb} by ${who}` : `Already ${verb} by someone else`;
}

export const EXPIRED_MESSAGE = 'Expired before it could be sent';

/** The user-facing line and the decider for a service outcome. */
export function describeOutcome(outcome: DecideOutcome, result: DecisionResult): { message: string; decidedBy: string | null } {
  switch (outcome.outcome) {
    case 'done':
      return { message: doneMessage(result), decidedBy: outcome.stage.reviewedBy?.displayName ?? null };
    case 'conflict':
      return { message: conflictMessage(outcome.stage), decidedBy: outcome.stage.reviewedBy?.displayName ?? null };
    case 'expired':
      return { message: EXPIRED_MESSAGE, decidedBy: null };
  }
}

/**
 * Reads a stage before re-sending a decision whose earlier attempt may have reached Azure,
 * so a second write is never sent for a stage already decided — whatever the ArmApi
 * implementation does. `me` is my principal id when known; without it a review with my
 * result and my exact justification counts as mine (the same rule as the ARM client).
 */
export type Precheck =
  | { verdict: 'send' }
  | { verdict: 'resolved'; outcome: DecideOutcome }
  | { verdict: 'mine-other-result'; message: string };

export function precheckStage(stage: ApprovalStage, mine: { result: DecisionResult; justification: string; me?: string | null }): Precheck {
  if (stage.status === 'Expired') return { verdict: 'resolved', outcome: { outcome: 'expired', stage } };
  const reviewed = stage.reviewResult === 'Approve' || stage.reviewResult === 'Deny';
  if (!reviewed) {
    return stage.status === 'Completed' ? { verdict: 'resolved', outcome: { outcome: 'conflict', stage } } : { verdict: 'send' };
  }
  const reviewerId = stage.reviewedBy?.id?.toLowerCase();
  const me = mine.me?.toLowerCase();
  if (me && reviewerId) {
    if (reviewerId !== me) return { verdict: 'resolved', outcome: { outcome: 'conflict', stage } };
    if (stage.reviewResult === mine.result) return { verdict: 'resolved', outcome: { outcome: 'done', stage } };
    return { verdict: 'mine-other-result', message: `You already decided this request (${stage.reviewResult}); a decision cannot be changed.` };
  }
  const byMe = stage.reviewResult === mine.result && (stage.justification ?? '') === mine.justification;
  return { verdict: 'resolved', outcome: { outcome: byMe ? 'done' : 'conflict', stage } };
}
