/**
 * The rule for a new decision on a stage that may already have one: one entry per
 * (account, stage). The same verb again is the same decision (the existing entry, with its
 * true state, answers); the opposite verb is refused with what the user already decided
 * and where it stands. A cancelled entry, or one that failed before Azure could record it,
 * no longer holds the stage. Pure: the journal lock and the clock are the caller's.
 */
import { sameDecisionTarget } from './stage-key';
import type { DecisionResult, NewDecision, OutboxEntry } from './types';

export type EnqueueVerdict = { kind: 'new' } | { kind: 'existing'; entry: OutboxEntry } | { kind: 'refused'; entry: OutboxEntry; message: string };

/** Entries that still hold their stage: everything but a cancelled one or a failure. */
export function holdsStage(e: OutboxEntry): boolean {
  return e.state !== 'cancelled' && e.state !== 'failed';
}

export function enqueueVerdict(entries: Iterable<OutboxEntry>, decision: NewDecision, timeText: (ms: number) => string = localTime): EnqueueVerdict {
  let holder: OutboxEntry | null = null;
  for (const e of entries) {
    if (!holdsStage(e) || !sameDecisionTarget(e, decision)) continue;
    // Two holders can only exist after a merge-worthy race; the oldest is the decision
    // (ties by id, so every process picks the same one whatever order it reads them in).
    if (!holder || e.createdAt < holder.createdAt || (e.createdAt === holder.createdAt && e.id < holder.id)) holder = e;
  }
  if (!holder) return { kind: 'new' };
  if (holder.result === decision.result) return { kind: 'existing', entry: holder };
  return { kind: 'refused', entry: holder, message: refusalMessage(holder, timeText) };
}

const past: Record<DecisionResult, string> = { Approve: 'approved', Deny: 'denied' };
const noun: Record<DecisionResult, string> = { Approve: 'approval', Deny: 'denial' };

/** "You already approved this; the approval waits to be sent — undo it first." and its kin. */
export function refusalMessage(entry: OutboxEntry, timeText: (ms: number) => string = localTime): string {
  const did = `You already ${past[entry.result]} this`;
  switch (entry.state) {
    case 'queued':
      return entry.attempts === 0
        ? `${did}; the ${noun[entry.result]} waits to be sent — undo it first.`
        : `${did}; the ${noun[entry.result]} may already have reached Azure and can no longer be changed.`;
    case 'sending':
      return `${did}; the ${noun[entry.result]} is being sent and can no longer be changed.`;
    case 'done':
      return `${did}; it was sent at ${timeText(entry.updatedAt)} and Azure records ${entry.result}.`;
    case 'conflict':
      return `This request was already decided: ${entry.outcomeMessage ?? 'by someone else'}.`;
    case 'expired':
      return 'This request has expired; it can no longer be decided.';
    default:
      return `${did}.`;
  }
}

function localTime(ms: number): string {
  const d = new Date(ms);
  return `${String(d.getHours()).padStart(2, '0')}:${String(d.getMinutes()).padStart(2, '0')}`;
}
