/**
 * Each result of `decide()` in the words of ux.md: the verb the user chose, the outbox
 * state, or what went wrong and what to do. The core's message wins where it says more
 * (who won a conflict, why Azure refused).
 */
import type { DecisionOutcome, ItemKind, ReviewResult } from '../../../preload/api';

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
  /** The outbox entry of a decision still waiting, so it can be undone. */
  entryId?: string;
}

/** `kind` is undefined only for a request the window no longer knows; then there is no portal link to offer. */
export function outcomeWords(o: DecisionOutcome, result: ReviewResult, subject: string, kind: ItemKind | undefined): OutcomeWords {
  const message = o.message.trim();
  const base = { itemId: o.itemId, subject, ...(kind ? { kind } : {}) };
  switch (o.outcome) {
    case 'done': {
      // The verb the outbox recorded, not the button: a repeat or a refused change must not read as the other verb.
      const recorded = o.recordedResult ?? result;
      return { ...base, text: recorded === 'Approve' ? 'Approved' : 'Denied', tone: 'success', offerPortal: false };
    }
    case 'refused':
      return { ...base, text: message || 'You already decided this request; a decision cannot be changed.', tone: 'warning', offerPortal: false, ...(o.entryId ? { entryId: o.entryId } : {}) };
    case 'queued':
      // With the outbox, a decision first waits out the undo window; the core says which case it is.
      if (!message || /offline/i.test(message)) return { ...base, text: 'Waiting to send (offline)', tone: 'info', offerPortal: false, ...(o.entryId ? { entryId: o.entryId } : {}) };
      return { ...base, text: message, tone: 'info', offerPortal: false, ...(o.entryId ? { entryId: o.entryId } : {}) };
    case 'conflict':
      return { ...base, text: message || 'Already decided by another approver', tone: 'warning', offerPortal: false };
    case 'expired':
      return { ...base, text: message || 'Expired before it could be sent', tone: 'warning', offerPortal: false };
    case 'failed':
      return { ...base, text: message || 'The decision was not sent. Try again, or decide in the Azure portal.', tone: 'error', offerPortal: true };
  }
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
