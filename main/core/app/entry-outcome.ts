/**
 * What a decision's outbox entry means for the person who asked, in words: the outcome of
 * `decision:submit` and every row of "Outbox & history" come from here, so the window, the
 * tray and notifications say what the journal recorded and Azure answered — never the verb
 * of the button that was pressed. Pure: the clock and the network belief are passed in.
 * Never puts a justification into a message.
 */
import type { DecisionOutcome, OutboxEntryDto } from '../model/state';
import { doneMessage } from '../outbox/classify';
import { isFinal, type DecisionResult, type OutboxEntry } from '../outbox/types';

const noun: Record<DecisionResult, string> = { Approve: 'Approval', Deny: 'Denial' };

/** The outbox's own refusal, word for word, so Undo says the same thing wherever it is offered. */
export const UNDO_BLOCKED = 'This decision may already have reached Azure; it can no longer be cancelled.';

/** Undo is possible while the decision was never tried (the outbox's cancel rule). */
export function isUndoable(entry: Pick<OutboxEntry, 'state' | 'attempts'>): boolean {
  return entry.state === 'queued' && entry.attempts === 0;
}

export interface WordingContext {
  now: number;
  /** Whether the app believes Azure is reachable (OS and probe). */
  online: boolean;
}

/** "Approval waits 5 s", "Denial waiting to send (offline)", "Approval is being sent", … */
export function waitingMessage(entry: OutboxEntry, ctx: WordingContext): string {
  const what = noun[entry.result];
  if (entry.state === 'sending') return `${what} is being sent`;
  if (entry.attempts > 0) {
    const why = entry.lastError?.message ? ` (last try: ${entry.lastError.message})` : '';
    return `${what} will be tried again${why}`;
  }
  if (!ctx.online) return `${what} waiting to send (offline)`;
  const seconds = Math.ceil((entry.notBefore - ctx.now) / 1000);
  return seconds > 0 ? `${what} waits ${seconds} s` : `${what} is about to be sent`;
}

/** The outcome a surface shows for an entry, whatever the verb that was asked. */
export function outcomeOfEntry(entry: OutboxEntry, itemId: string, ctx: WordingContext): DecisionOutcome {
  const base = { itemId, entryId: entry.id, recordedResult: entry.result };
  switch (entry.state) {
    case 'queued':
    case 'sending':
      return { ...base, outcome: 'queued', message: waitingMessage(entry, ctx) };
    case 'done':
      return { ...base, outcome: 'done', message: entry.outcomeMessage ?? doneMessage(entry.result) };
    case 'conflict':
      return { ...base, outcome: 'conflict', message: entry.outcomeMessage ?? 'Already decided by someone else' };
    case 'expired':
      return { ...base, outcome: 'expired', message: entry.outcomeMessage ?? 'Expired before it could be sent' };
    case 'failed':
      return { ...base, outcome: 'failed', message: entry.outcomeMessage ?? entry.lastError?.message ?? 'The decision could not be sent.' };
    case 'cancelled':
      // The outbox never answers a new decision with a cancelled entry; said plainly if it ever does.
      return { ...base, outcome: 'failed', message: 'This decision was undone; decide again if you still want to.' };
  }
}

export function toOutboxEntryDto(entry: OutboxEntry): OutboxEntryDto {
  const waiting = !isFinal(entry.state);
  const undoable = isUndoable(entry);
  return {
    id: entry.id,
    itemId: entry.stageId,
    kind: entry.kind,
    requestId: entry.request.requestId ?? null,
    result: entry.result,
    state: entry.state,
    message: entry.outcomeMessage ?? entry.lastError?.message ?? null,
    attempts: entry.attempts,
    sendAt: entry.state === 'queued' ? new Date(entry.notBefore).toISOString() : null,
    undoable,
    undoBlocked: waiting && !undoable ? UNDO_BLOCKED : null,
    summary: {
      role: entry.request.role,
      scope: entry.request.scope,
      requester: entry.request.requester,
      ...(entry.request.access ? { access: entry.request.access } : {}),
    },
    createdAt: new Date(entry.createdAt).toISOString(),
    updatedAt: new Date(entry.updatedAt).toISOString(),
    accountId: entry.accountId,
  };
}
