/**
 * The outbox state machine: which event may move an entry from which state, and what the
 * entry looks like afterwards. Pure (time and randomness come in as arguments) so every
 * transition is tested exhaustively; the journal only ever records entries this produced.
 *
 *   queued ──send──▶ sending ──outcome──▶ done | conflict | expired   (sending ──send──▶ sending: recovery)
 *     ▲  │              │ ──failed──▶ failed
 *     │  │              └─transient / signed-out─▶ queued (notBefore = now + backoff)
 *     │  └─cancel──▶ cancelled
 *
 * Only the service makes a decision expired (an `outcome` the sender read from Azure):
 * the local clock never does. No wait is scheduled more than MAX_RETRY_WAIT_MS ahead or
 * past the request's expiry, and `effectiveNotBefore` applies the same cap to waits that
 * older versions stored.
 */
import { defaultBackoff, MAX_RETRY_WAIT_MS, outboxRetryRule, retryAt, type BackoffPolicy } from './backoff';
import { backoffDelay } from '../net/backoff';
import type { AttemptTrace, EntryError, EntryState, OutboxEntry } from './types';

export type OutboxEvent =
  /**
   * The sender takes the entry; recorded (fsync) before any call is made. Also taken from
   * `sending` when a drainer died mid-flight: the retry re-reads the stage before writing.
   */
  | { type: 'send' }
  /** Azure's final word about the stage; `reviewedAt`: the stage's `reviewedDateTime`, when the sender read the stage. */
  | { type: 'outcome'; outcome: 'done' | 'conflict' | 'expired'; message: string; decidedBy: string | null; trace?: AttemptTrace[]; reviewedAt?: string | null }
  /** Azure refused for good; the user must act. */
  | { type: 'failed'; error: EntryError; message: string; trace?: AttemptTrace[] }
  /**
   * Worth another try later. `writeMayBeInFlight`: a write was sent and Azure may still
   * apply it, so later attempts only read the stage (sets `inFlightSince`, keeping the
   * first stamp); `newWrite`: this attempt sent that write itself, so the stamp restarts.
   */
  | { type: 'transient'; error: EntryError; retryAfterMs?: number; random: number; trace?: AttemptTrace[]; writeMayBeInFlight?: boolean; newWrite?: boolean }
  /** Token refused: wait for sign-in; the failed try is not held against the entry's backoff. */
  | { type: 'signed-out'; error: EntryError; waitMs: number; trace?: AttemptTrace[] }
  /** The user takes it back (undo window, or any time before sending). */
  | { type: 'cancel' };

export type Transition = { ok: true; entry: OutboxEntry } | { ok: false; reason: string };

const allowed: Record<OutboxEvent['type'], readonly EntryState[]> = {
  send: ['queued', 'sending'],
  outcome: ['sending'],
  failed: ['sending'],
  transient: ['sending'],
  'signed-out': ['sending'],
  cancel: ['queued'],
};

export function canApply(state: EntryState, event: OutboxEvent['type']): boolean {
  // An event this version does not know (e.g. the removed 'expire-local') applies nowhere.
  return Object.hasOwn(allowed, event) && allowed[event].includes(state);
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
        entry: {
          ...base,
          state: event.outcome,
          outcomeMessage: event.message,
          decidedBy: event.decidedBy,
          lastError: null,
          requestIds: traced(event.trace),
          inFlightSince: null, // the stage shows how it ended: nothing is in flight any more
          // Azure's review time for the audit export; an event without it leaves the entry as it was.
          ...(event.reviewedAt !== undefined ? { reviewedAt: event.reviewedAt } : {}),
        },
      };
    case 'failed':
      return { ok: true, entry: { ...base, state: 'failed', outcomeMessage: event.message, lastError: event.error, requestIds: traced(event.trace) } };
    case 'transient':
      return {
        ok: true,
        entry: {
          ...base,
          state: 'queued',
          notBefore: retryAt(now, backoffDelay(entry.attempts, outboxRetryRule(policy), event.random, event.retryAfterMs), expiresAtOf(entry)),
          lastError: event.error,
          requestIds: traced(event.trace),
          inFlightSince: inFlightAfter(entry, event, now),
        },
      };
    case 'signed-out':
      return { ok: true, entry: { ...base, state: 'queued', notBefore: retryAt(now, event.waitMs, expiresAtOf(entry)), lastError: event.error, requestIds: traced(event.trace) } };
    case 'cancel':
      return { ok: true, entry: { ...base, state: 'cancelled', outcomeMessage: 'Cancelled' } };
  }
}

/**
 * A transient try leaves a write in flight when it says so; a try that only read keeps
 * the stamp of the write it waits for, and one that wrote again restarts it. Otherwise
 * (a read failed, the budget was throttled) the entry's stamp stays as it was.
 */
function inFlightAfter(entry: OutboxEntry, event: Extract<OutboxEvent, { type: 'transient' }>, now: number): number | null {
  const since = entry.inFlightSince ?? null;
  if (!event.writeMayBeInFlight) return since;
  return event.newWrite || since === null ? now : since;
}

/** The request's expiry (epoch ms) when the entry knows it; NaN otherwise. */
function expiresAtOf(entry: OutboxEntry): number {
  return entry.request.expiresAt ? Date.parse(entry.request.expiresAt) : Number.NaN;
}

/**
 * When the entry may be sent, as the drainer should read it: its `notBefore`, except that
 * a wait further out than this version ever schedules (a journal written before the
 * Retry-After cap: "not before 2037") counts as capped from when it was set.
 */
export function effectiveNotBefore(entry: OutboxEntry): number {
  return Math.min(entry.notBefore, retryAt(entry.updatedAt, MAX_RETRY_WAIT_MS, expiresAtOf(entry)));
}

/** Whether the sender may pick this entry now. */
export function isDue(entry: OutboxEntry, now: number): boolean {
  return entry.state === 'queued' && effectiveNotBefore(entry) <= now;
}

/** Newest first, the order list() promises (ties broken by id for a stable order). */
export function newestFirst(a: OutboxEntry, b: OutboxEntry): number {
  return b.createdAt - a.createdAt || (a.id < b.id ? 1 : a.id > b.id ? -1 : 0);
}
