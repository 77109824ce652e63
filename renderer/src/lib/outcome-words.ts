/**
 * Each result of `decide()` in the words of ux.md, and the same decision's words as its
 * outbox entry moves on (`liveWords`): "Approval waits 5 s" → "Sending…" → "Approved", or
 * "Already approved by Sam Okafor", or "Failed: … Open in Azure portal". Always the verb the
 * outbox recorded, never the button; the core's message wins where it says more (who won a
 * conflict, why Azure refused). Pure: the clock and the connection are passed in.
 */
import type { DecisionOutcome, ItemKind, OutboxEntryDto, ReviewResult } from '../../../preload/api';

export type Tone = 'success' | 'info' | 'warning' | 'error';

export interface OutcomeWords {
  itemId: string;
  /** The headline: "Approved", "Already approved by Grace Hopper", "Waiting to send (offline)". */
  text: string;
  /** The request it was about, "Owner on Prod (subscription)". */
  subject: string;
  /** Its kind, so "Open in Azure portal" goes to the right approvals blade; unknown for a request already gone. */
  kind?: ItemKind;
  tone: Tone;
  /** True when the user should finish the job in the Azure portal. */
  offerPortal: boolean;
  /** The outbox entry behind this outcome: its message follows the entry, Undo acts on it. */
  entryId?: string;
  /** The verb the outbox holds (may differ from the button when a change was refused). */
  recordedResult?: ReviewResult;
  /** The user asked for the opposite of what they had already decided. */
  refused?: boolean;
}

/** `kind` is undefined only for a request the window no longer knows; then there is no portal link to offer. */
export function outcomeWords(o: DecisionOutcome, result: ReviewResult, subject: string, kind: ItemKind | undefined): OutcomeWords {
  const message = o.message.trim();
  // Every outcome backed by an outbox entry keeps it, so its message can follow the entry.
  const base = { itemId: o.itemId, subject, ...(kind ? { kind } : {}), ...(o.entryId ? { entryId: o.entryId } : {}), ...(o.recordedResult ? { recordedResult: o.recordedResult } : {}), refused: o.outcome === 'refused' };
  switch (o.outcome) {
    case 'done': {
      // The verb the outbox recorded, not the button: a repeat or a refused change must not read as the other verb.
      const recorded = o.recordedResult ?? result;
      return { ...base, text: recorded === 'Approve' ? 'Approved' : 'Denied', tone: 'success', offerPortal: false };
    }
    case 'refused':
      return { ...base, text: message || 'You already decided this request; a decision cannot be changed.', tone: 'warning', offerPortal: false };
    case 'queued':
      // With the outbox, a decision first waits out the undo window; the core says which case it is.
      if (!message || /offline/i.test(message)) return { ...base, text: 'Waiting to send (offline)', tone: 'info', offerPortal: false };
      return { ...base, text: message, tone: 'info', offerPortal: false };
    case 'conflict':
      return { ...base, text: message || 'Already decided by another approver', tone: 'warning', offerPortal: false };
    case 'expired':
      return { ...base, text: message || 'Expired before it could be sent', tone: 'warning', offerPortal: false };
    case 'failed':
      return { ...base, text: message ? `Failed: ${message}` : 'Failed: the decision was not sent. Try again, or decide in the Azure portal.', tone: 'error', offerPortal: true };
  }
}

export interface LiveContext {
  now: number;
  /** False while the header says Offline: a waiting decision waits for the network. */
  online: boolean;
}

const NOUN: Record<ReviewResult, string> = { Approve: 'Approval', Deny: 'Denial' };
const DONE: Record<ReviewResult, string> = { Approve: 'Approved', Deny: 'Denied' };
const PAST: Record<ReviewResult, string> = { Approve: 'approved', Deny: 'denied' };

/** The headline and tone of a decision as its outbox entry stands now. */
export function entryWords(entry: OutboxEntryDto, ctx: LiveContext): Pick<OutcomeWords, 'text' | 'tone' | 'offerPortal'> {
  const message = entry.message?.trim() ?? '';
  switch (entry.state) {
    case 'queued': {
      if (entry.attempts > 0) {
        const at = entry.sendAt ? ` at ${shortTime(entry.sendAt)}` : '';
        return { text: `Sending again${at}${message ? ` (last try: ${message.replace(/[.\s]+$/, '')})` : ''}`, tone: 'warning', offerPortal: false };
      }
      if (!ctx.online) return { text: 'Waiting to send (offline)', tone: 'info', offerPortal: false };
      const seconds = entry.sendAt ? Math.ceil((Date.parse(entry.sendAt) - ctx.now) / 1000) : 0;
      return { text: seconds > 0 ? `${NOUN[entry.result]} waits ${seconds} s` : 'Sending…', tone: 'info', offerPortal: false };
    }
    case 'sending':
      return { text: 'Sending…', tone: 'info', offerPortal: false };
    case 'done':
      return { text: DONE[entry.result], tone: 'success', offerPortal: false };
    case 'conflict':
      return { text: message || 'Already decided by another approver', tone: 'warning', offerPortal: false };
    case 'expired':
      return { text: message || 'Expired before it could be sent', tone: 'warning', offerPortal: false };
    case 'failed':
      return { text: `Failed: ${message || 'the decision was not sent.'}`, tone: 'error', offerPortal: true };
    case 'cancelled':
      return { text: 'Undone', tone: 'success', offerPortal: false };
  }
}

/**
 * One message that follows its decision: the words of the outcome as first answered, replaced
 * by the entry's words while the outbox moves it on. A refused change keeps saying what was
 * already decided, with where that decision stands.
 */
export function liveWords(first: OutcomeWords, entry: OutboxEntryDto | undefined, ctx: LiveContext): OutcomeWords & { undoable: boolean } {
  if (!entry) return { ...first, undoable: false };
  const now = entryWords(entry, ctx);
  const text = first.refused ? `You already ${PAST[entry.result]} this · ${now.text}` : now.text;
  return { ...first, ...now, text, tone: first.refused && now.tone === 'success' ? 'warning' : now.tone, undoable: entry.undoable };
}

function shortTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

const STATE_WORDS: Record<string, string> = {
  queued: 'Waiting to send',
  sending: 'Sending…',
  done: 'Sent',
  conflict: 'Decided by someone else',
  expired: 'Expired before it could be sent',
  failed: 'Failed',
  cancelled: 'Cancelled',
};

/** Outbox states in words for the history list; an unknown state is shown raw. */
export function outboxStateWords(state: string): string {
  return Object.hasOwn(STATE_WORDS, state) ? (STATE_WORDS[state] as string) : state;
}
