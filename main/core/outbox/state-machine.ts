/**
 * The outbox state machine: which event may move an entry from which state, and what the
 * entry looks like afterwards. Pure (time and randomness come in as arguments) so every
 * transition is tested exhaustively; the journal only ever records entries this produced.
 *
 *   queued ──send──▶ sending ──outcome──▶ done | conflict | expired   (sending ──send──▶ sending: recovery)
 *     ▲  │              │ ──failed──▶ failed
 *     │  │              └─transient / signed-out─▶ queued (notBefore = now + backoff)
 *     │  └─cancel / expire-local──▶ cancelled | expired
 */
import { backoffDelay, defaultBackoff, type BackoffPolicy } from './backoff';
import type { AttemptTrace, EntryError, EntryState, OutboxEntry } from './types';

export type OutboxEvent =
  /**
   * The sender takes the entry; recorded (fsync) before any call is made. Also taken from
   * `sending` when a drainer died mid-flight: the retry re-reads the stage before writing.
   */
  | { type: 'send' }
  /** Azure's final word about the stage. */
  | { type: 'outcome'; outcome: 'done' | 'conflict' | 'expired'; message: string; decidedBy: string | null; trace?: AttemptTrace[] }
  /** Azure refused for good; the user must act. */
  | { type: 'failed'; error: EntryError; message: string; trace?: AttemptTrace[] }
  /** Worth another try later. */
  | { type: 'transient'; error: EntryError; retryAfterMs?: number; random: number; trace?: AttemptTrace[] }
  /** Token refused: wait for sign-in; the failed try is not held against the entry's backoff. */
  | { type: 'signed-out'; error: EntryError; waitMs: number; trace?: AttemptTrace[] }
  /** The user takes it back (undo window, or any time before sending). */
  | { type: 'cancel' }
  /** Never sent and the approval window closed: no call can succeed. */
  | { type: 'expire-local'; message: string };

export type Transition = { ok: true; entry: OutboxEntry } | { ok: false; reason: string };

const allowed: Record<OutboxEvent['type'], readonly EntryState[]> = {
  send: ['queued', 'sending'],
  outcome: ['sending'],
  failed: ['sending'],
  transient: ['sending'],
  'signed-out': ['sending'],
  cancel: ['queued'],
  'expire-local': ['queued'],
};

export function canApply(state: EntryState, event: OutboxEvent['type']): boolean {
  return allowed[event].includes(state);
}

export function transition(entry: OutboxEntry, event: OutboxEvent, now: number, policy: BackoffPolicy = defaultBackoff): Transition {
  if (!canApply(entry.state, event.type)) {
    return { ok: false, reason: `cannot ${event.type} a ${entry.state} decision` };
  }
  const base = { ...entry, updatedAt: now };
  const traced = (trace?: AttemptTrace[]) => (trace?.length ? [...entry.requestIds, ...trace] : entry.requestIds);
  switch (event.type) {
    case 'send':
      return { ok: true, entry: { ...base, state: 'sending', attempts: entry.attempts + 1 } };
    case 'outcome':
      return {
        ok: true,
        entry: { ...base, state: event.outcome, outcomeMessage: event.message, decidedBy: event.decidedBy, lastError: null, requestIds: traced(event.trace) },
      };
    case 'failed':
      return { ok: true, entry: { ...base, state: 'failed', outcomeMessage: event.message, lastError: event.error, requestIds: traced(event.trace) } };
    case 'transient':
      return {
        ok: true,
        entry: {
          ...base,
          state: 'queued',
          notBefore: now + backoffDelay(entry.attempts, event.random, event.retryAfterMs, policy),
          lastError: event.error,
          requestIds: traced(event.trace),
        },
      };
    case 'signed-out':
      return { ok: true, entry: { ...base, state: 'queued', notBefore: now + event.waitMs, lastError: event.error, requestIds: traced(event.trace) } };
    case 'cancel':
      return { ok: true, entry: { ...base, state: 'cancelled', outcomeMessage: 'Cancelled' } };
    case 'expire-local':
      return { ok: true, entry: { ...base, state: 'expired', outcomeMessage: event.message } };
  }
}

/** Whether the sender may pick this entry now. */
export function isDue(entry: OutboxEntry, now: number): boolean {
  return entry.state === 'queued' && entry.notBefore <= now;
}

/** Newest first, the order list() promises (ties broken by id for a stable order). */
export function newestFirst(a: OutboxEntry, b: OutboxEntry): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
