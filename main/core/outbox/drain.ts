/**
 * One drain of the outbox: take the cross-process drain lock, then send every decision
 * that is due (undo window and backoff over, or left in `sending` by a dead drainer),
 * a few at a time, until nothing is due within the wait. Each send is marked `sending`
 * in the journal (fsync) before the call and recorded after it.
 * Never sends an entry the journal does not show as `sending`; never logs a justification.
 */
import { join } from 'node:path';
import { systemClock, type Clock } from '../clock';
import type { BackoffPolicy } from './backoff';
import { EXPIRED_MESSAGE } from './classify';
import { acquireLock } from './lock';
import type { Connectivity, Reachability } from './online';
import type { RateBudget } from './rate-budget';
import { sendDecision, type DecisionRoute, type SendResult } from './sender';
import { newestFirst } from './state-machine';
import { applyEvent, type Store } from './store';
import type { DecisionKind, OutboxEntry, OutboxLogger, SyncSummary } from './types';

export const DRAIN_LOCK = 'drain.lock';

export interface DrainDeps {
  dir: string;
  store: Store;
  clock: Clock;
  connectivity: Connectivity;
  /** With a probe, reachability is asked before draining; without, the OS flag decides. */
  hasProbe: boolean;
  /** The route for an account's decisions of one kind; null while it cannot send (signed out). */
  resolveApi: (accountId: string, kind: DecisionKind) => DecisionRoute | null;
  me: (accountId: string) => Promise<string | null>;
  budgets: { reads: RateBudget; writes: RateBudget };
  backoff: BackoffPolicy;
  random: () => number;
  recoveryGraceMs: number;
  maxAttempts: number;
  concurrency: number;
  logger: OutboxLogger;
  notify: () => void;
}

export const isWaiting = (e: OutboxEntry) => e.state === 'queued' || e.state === 'sending';

/** When the drainer may take an entry: its notBefore, or the recovery grace after a crash. */
export function dueAt(e: OutboxEntry, recoveryGraceMs: number): number {
  return e.state === 'sending' ? e.updatedAt + recoveryGraceMs : e.notBefore;
}

function emptySummary(): SyncSummary {
  return { done: [], conflict: [], expired: [], failed: [], pending: [], offline: false, needsSignIn: [], throttled: 0, drained: true };
}

export async function drain(deps: DrainDeps, signal: AbortSignal, waitMs: number): Promise<SyncSummary> {
  const { store, clock, connectivity } = deps;
  const list = () => [...store.entries().values()].sort(newestFirst);
  const summary = emptySummary();
  const finish = () => {
    summary.pending = list()
      .filter(isWaiting)
      .map((e) => e.id);
    deps.notify();
    return summary;
  };
  // The probe, when there is one, has the last word (the OS flag can be stale either way).
  const reachable = deps.hasProbe ? (await connectivity.check(signal)) === 'online' : connectivity.isOnline();
  if (!reachable) {
    summary.offline = true;
    return finish();
  }
  // Lock stamps are wall time: other processes judge staleness by their own clocks.
  const lock = await acquireLock(join(deps.dir, DRAIN_LOCK), { staleMs: 30_000, waitMs: 0 });
  if (!lock) {
    summary.drained = false; // another process (app or CLI) is draining this outbox
    await store.refresh();
    return finish();
  }
  const beat = new AbortController();
  void (async () => {
    for (;;) {
      await systemClock.sleep(5_000, beat.signal);
      await lock.heartbeat();
    }
  })().catch(() => undefined);

  const blocked = new Set<string>(); // accounts without a usable token for the rest of this run
  const deadline = clock.now() + waitMs;
  const due = (e: OutboxEntry) => dueAt(e, deps.recoveryGraceMs);
  try {
    for (;;) {
      if (signal.aborted) break;
      await store.refresh();
      deps.notify();
      const now = clock.now();
      const candidates = list()
        .filter((e) => isWaiting(e) && !blocked.has(e.accountId))
        .sort((a, b) => due(a) - due(b) || a.createdAt - b.createdAt);
      const ready = candidates.filter((e) => due(e) <= now);
      if (ready.length === 0) {
        const next = candidates[0];
        if (!next || due(next) > deadline) break;
        try {
          await clock.sleep(due(next) - now, signal);
        } catch {
          break; // aborted
        }
        continue;
      }
      let offline = false;
      let cursor = 0;
      const worker = async () => {
        while (cursor < ready.length && !offline && !signal.aborted) {
          const entry = ready[cursor++] as OutboxEntry;
          if (blocked.has(entry.accountId)) continue;
          const r = await sendOne(deps, entry, signal, summary, blocked);
          if (r?.offline && (await connectivity.check(signal).catch((): Reachability => 'offline')) !== 'online') offline = true;
        }
      };
      await Promise.all(Array.from({ length: Math.min(deps.concurrency, ready.length) }, worker));
      if (offline || !connectivity.isOnline()) {
        summary.offline = true;
        break;
      }
    }
  } finally {
    beat.abort();
    await lock.release();
  }
  return finish();
}

function needsSignIn(summary: SyncSummary, blocked: Set<string>, accountId: string): void {
  blocked.add(accountId);
  if (!summary.needsSignIn.includes(accountId)) summary.needsSignIn.push(accountId);
}

async function sendOne(deps: DrainDeps, entry: OutboxEntry, signal: AbortSignal, summary: SyncSummary, blocked: Set<string>): Promise<SendResult | null> {
  const { store, clock, logger } = deps;
  const api = deps.resolveApi(entry.accountId, entry.kind);
  if (!api) {
    needsSignIn(summary, blocked, entry.accountId);
    return null;
  }
  const now = clock.now();
  const expiresAt = entry.request.expiresAt ? Date.parse(entry.request.expiresAt) : NaN;
  const marked = await applyEvent(
    store,
    entry.id,
    (cur) => {
      if (!isWaiting(cur) || dueAt(cur, deps.recoveryGraceMs) > now) return null; // cancelled or rescheduled meanwhile
      // Never sent and past the approval window: nothing can succeed, so say so without a call.
      if (cur.state === 'queued' && cur.attempts === 0 && expiresAt <= now) return { type: 'expire-local', message: EXPIRED_MESSAGE };
      return { type: 'send' };
    },
    () => clock.now(),
    deps.backoff,
  );
  if (!marked) return null;
  deps.notify();
  if (marked.state === 'expired') {
    summary.expired.push(marked.id);
    return null;
  }
  logger.info('outbox sending', { id: marked.id, stageId: marked.stageId, attempt: marked.attempts });

  let result: SendResult;
  try {
    result = await sendDecision(
      marked,
      { api, reads: deps.budgets.reads, writes: deps.budgets.writes, now: () => clock.now(), random: deps.random, me: await deps.me(entry.accountId), signedOutWaitMs: 60_000 },
      signal,
    );
  } catch {
    // Aborted while waiting for the rate budget or inside the call: back to the queue;
    // the next attempt re-reads the stage before writing.
    result = { event: { type: 'transient', error: { message: 'Sending was interrupted.' }, random: deps.random() }, throttled: false, offline: false, signedOut: false };
  }
  let event = result.event;
  if (event.type === 'transient' && marked.attempts >= deps.maxAttempts) {
    event = {
      type: 'failed',
      error: event.error,
      message: `Gave up after ${marked.attempts} tries (${event.error.message}). Check in the Azure portal whether the decision was recorded.`,
      ...(event.trace ? { trace: event.trace } : {}),
    };
  }
  const final = event;
  const after = await applyEvent(store, entry.id, (cur) => (cur.state === 'sending' ? final : null), () => clock.now(), deps.backoff);
  if (result.throttled) summary.throttled++;
  if (result.signedOut) needsSignIn(summary, blocked, entry.accountId);
  if (after) {
    if (after.state === 'done' || after.state === 'conflict' || after.state === 'expired' || after.state === 'failed') summary[after.state].push(after.id);
    logger.info('outbox decision', {
      id: after.id,
      stageId: after.stageId,
      state: after.state,
      attempts: after.attempts,
      error: after.lastError ? { code: after.lastError.code, status: after.lastError.status } : undefined,
      requestIds: after.requestIds.slice(-2).map((t) => t.requestId ?? t.clientRequestId),
    });
  }
  deps.notify();
  return result;
}
