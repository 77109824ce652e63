/**
 * One drain of the outbox: take the cross-process drain lock, then send every decision
 * that is due (undo window and backoff over, or left in `sending` by a dead drainer),
 * a few at a time, until nothing is due within the wait. Each send is marked `sending`
 * in the journal (fsync) before the call and recorded after it.
 *
 * Fenced: this drainer may have been stopped (SIGSTOP, a closed lid) past the lock's
 * staleness and replaced. Right before every write to Azure the decide flow asks
 * `beforeWrite`: the drain lock must still be ours and the journal (re-read) must still
 * show this attempt of the entry as `sending`. If not, nothing is written, nothing is
 * recorded for it and the drain stops. An outcome is recorded only while the entry is
 * still this attempt's, and a drainer that finds its lock gone stops after it.
 *
 * Never sends an entry the journal does not show as `sending`; never sends the newer of
 * two entries for one stage; never expires a decision by the local clock (only Azure
 * says "expired"). A journal that cannot be written (disk full) stops the drain without
 * throwing: an outcome that could not be saved is returned in `unsaved` and its entry
 * stays `sending`, so the next drain re-reads the stage before any write.
 * Never logs a justification.
 */
import { join } from 'node:path';
import { systemClock, type Clock } from '../clock';
import type { BackoffPolicy } from './backoff';
import { DUPLICATE_MESSAGE, duplicatesToCancel } from './duplicates';
import { journalErrorText } from './journal-error';
import { acquireLock, type FileLock } from '../fs/file-lock';
import type { Connectivity, Reachability } from './online';
import type { RateBudget } from './rate-budget';
import { sendDecision, type DecisionRoute, type SendResult } from './sender';
import { effectiveNotBefore, newestFirst, transition, type OutboxEvent } from './state-machine';
import { applyEvent, type Store } from './store';
import type { DecisionKind, OutboxEntry, OutboxLogger, SyncSummary } from './types';

export const DRAIN_LOCK = 'drain.lock';

/** A drain lock whose heartbeat is this old belongs to a dead, hung or stopped drainer. */
export const DRAIN_LOCK_STALE_MS = 30_000;

export interface DrainDeps {
  dir: string;
  /** How long an accepted write may still land before one new write is allowed (sender.ts). */
  writeSettleMs?: number;
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
  /** See DRAIN_LOCK_STALE_MS (tests lower it). */
  lockStaleMs: number;
  logger: OutboxLogger;
  notify: () => void;
}

export const isWaiting = (e: OutboxEntry) => e.state === 'queued' || e.state === 'sending';

/** When the drainer may take an entry: its notBefore, or the recovery grace after a crash. */
export function dueAt(e: OutboxEntry, recoveryGraceMs: number): number {
  return e.state === 'sending' ? e.updatedAt + recoveryGraceMs : effectiveNotBefore(e);
}

function emptySummary(): SyncSummary {
  return {
    done: [],
    conflict: [],
    expired: [],
    failed: [],
    pending: [],
    offline: false,
    needsSignIn: [],
    throttled: 0,
    drained: true,
    unsaved: [],
    journalError: null,
  };
}

/** One drain's shared state: its lock, what it reports, and why it stopped early. */
interface Run {
  lock: FileLock;
  summary: SyncSummary;
  /** Accounts without a usable token for the rest of this run. */
  blocked: Set<string>;
  /** Set once the drain must stop: its lock was taken over, or the journal cannot be written. */
  stopped: boolean;
}

/** Another process holds the drain now: stop, and let the caller know it did not drain. */
function fenced(run: Run): void {
  run.stopped = true;
  run.summary.drained = false;
}

function journalFailed(run: Run, err: unknown): void {
  run.stopped = true;
  run.summary.journalError ??= journalErrorText(err);
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
  let lock: FileLock | null;
  try {
    lock = await acquireLock(join(deps.dir, DRAIN_LOCK), { staleMs: deps.lockStaleMs, waitMs: 0 });
  } catch (err) {
    summary.journalError = journalErrorText(err); // the lock file cannot be written (disk full)
    return finish();
  }
  if (!lock) {
    summary.drained = false; // another process (app or CLI) is draining this outbox
    await store.refresh().catch((err: unknown) => (summary.journalError = journalErrorText(err)));
    return finish();
  }
  const beat = new AbortController();
  const beatMs = Math.min(5_000, deps.lockStaleMs / 3);
  void (async () => {
    for (;;) {
      await systemClock.sleep(beatMs, beat.signal);
      await lock.heartbeat();
    }
  })().catch(() => undefined);

  const run: Run = { lock, summary, blocked: new Set(), stopped: false };
  const deadline = clock.now() + waitMs;
  const due = (e: OutboxEntry) => dueAt(e, deps.recoveryGraceMs);
  try {
    for (;;) {
      if (signal.aborted || run.stopped) break;
      try {
        await store.refresh();
        await cancelDuplicates(deps);
      } catch (err) {
        journalFailed(run, err);
        break;
      }
      deps.notify();
      const now = clock.now();
      const candidates = list()
        .filter((e) => isWaiting(e) && !run.blocked.has(e.accountId))
        .sort((a, b) => due(a) - due(b) || a.createdAt - b.createdAt);
      const ready = candidates.filter((e) => due(e) <= now);
      if (ready.length === 0) {
        // Wait only for what this process can send: another account's entry in its undo
        // window is that account's to send, and waiting for it would only stall this run.
        const next = candidates.find((e) => deps.resolveApi(e.accountId, e.kind) !== null);
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
        while (cursor < ready.length && !offline && !run.stopped && !signal.aborted) {
          const entry = ready[cursor++] as OutboxEntry;
          if (run.blocked.has(entry.accountId)) continue;
          const r = await sendOne(deps, entry, signal, run);
          if (r?.offline && (await connectivity.check(signal).catch((): Reachability => 'offline')) !== 'online') offline = true;
        }
      };
      await Promise.all(Array.from({ length: Math.min(deps.concurrency, ready.length) }, worker));
      if (run.stopped) break;
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

/** Cancels, unsent, every newer never-attempted entry that duplicates an older one for its stage. */
async function cancelDuplicates(deps: DrainDeps): Promise<void> {
  if (duplicatesToCancel(deps.store.entries().values()).length === 0) return;
  const cancelled = await deps.store.update((entries) => {
    const write = duplicatesToCancel(entries.values()).flatMap((e) => {
      const t = transition(e, { type: 'cancel' }, deps.clock.now(), deps.backoff);
      return t.ok ? [{ ...t.entry, outcomeMessage: DUPLICATE_MESSAGE }] : [];
    });
    return { write, value: write };
  });
  for (const e of cancelled) deps.logger.info('outbox duplicate cancelled', { id: e.id, stageId: e.stageId });
}

function needsSignIn(run: Run, accountId: string): void {
  run.blocked.add(accountId);
  if (!run.summary.needsSignIn.includes(accountId)) run.summary.needsSignIn.push(accountId);
}

async function sendOne(deps: DrainDeps, entry: OutboxEntry, signal: AbortSignal, run: Run): Promise<SendResult | null> {
  const { store, clock, logger, backoff } = deps;
  const { summary } = run;
  const api = deps.resolveApi(entry.accountId, entry.kind);
  if (!api) {
    needsSignIn(run, entry.accountId);
    return null;
  }
  if (!(await run.lock.owned())) {
    fenced(run);
    return null;
  }
  const now = clock.now();
  let marked: OutboxEntry | null;
  try {
    marked = await applyEvent(
      store,
      entry.id,
      // Cancelled or rescheduled meanwhile → not ours to send now.
      (cur): OutboxEvent | null => (isWaiting(cur) && dueAt(cur, deps.recoveryGraceMs) <= now ? { type: 'send' } : null),
      () => clock.now(),
      backoff,
    );
  } catch (err) {
    journalFailed(run, err); // nothing was sent
    return null;
  }
  if (!marked) return null;
  const attempt = marked;
  deps.notify();
  logger.info('outbox sending', { id: attempt.id, stageId: attempt.stageId, attempt: attempt.attempts });

  // This attempt may write only while the drain is ours and the journal still shows it.
  const stillOurs = (cur: OutboxEntry | undefined) => cur?.state === 'sending' && cur.attempts === attempt.attempts;
  const beforeWrite = async (): Promise<boolean> => {
    try {
      await store.refresh();
      return stillOurs(store.entries().get(attempt.id)) && (await run.lock.owned());
    } catch {
      return false; // cannot tell: do not write
    }
  };

  let result: SendResult;
  try {
    result = await sendDecision(
      attempt,
      {
        api,
        // The route's own service budget when it has one: a Graph decision never spends ARM's.
        reads: api.budgets?.reads ?? deps.budgets.reads,
        writes: api.budgets?.writes ?? deps.budgets.writes,
        now: () => clock.now(),
        random: deps.random,
        me: await deps.me(entry.accountId),
        signedOutWaitMs: 60_000,
        ...(deps.writeSettleMs !== undefined ? { writeSettleMs: deps.writeSettleMs } : {}),
        beforeWrite,
      },
      signal,
    );
  } catch {
    // Aborted while waiting for the rate budget or inside the call: back to the queue;
    // the next attempt re-reads the stage before writing.
    result = { event: { type: 'transient', error: { message: 'Sending was interrupted.' }, random: deps.random() }, throttled: false, offline: false, signedOut: false, fenced: false };
  }
  if (result.fenced) {
    logger.warn('outbox drain lock lost; stopping without writing', { id: attempt.id, stageId: attempt.stageId });
    fenced(run);
    return result;
  }
  let event = result.event;
  if (event.type === 'transient' && attempt.attempts >= deps.maxAttempts) {
    event = {
      type: 'failed',
      error: event.error,
      message: `Gave up after ${attempt.attempts} tries (${event.error.message}). Check in the Azure portal whether the decision was recorded.`,
      ...(event.trace ? { trace: event.trace } : {}),
    };
  }
  const final = event;
  // Recorded only while the entry is still this attempt's (checked under the journal
  // lock): a drainer that took the drain over from us owns it now and reads the stage itself.
  let after: OutboxEntry | null;
  try {
    after = await applyEvent(store, entry.id, (cur) => (stillOurs(cur) ? final : null), () => clock.now(), backoff);
  } catch (err) {
    // Azure was called but the journal cannot say so: keep the entry `sending` on disk
    // (the next drain re-reads the stage first) and hand the outcome back to the caller.
    const t = transition(attempt, final, clock.now(), backoff);
    if (t.ok) summary.unsaved.push(t.entry);
    journalFailed(run, err);
    logger.warn('outbox outcome not saved', { id: attempt.id, stageId: attempt.stageId, state: t.ok ? t.entry.state : undefined });
    deps.notify();
    return result;
  }
  if (result.throttled) summary.throttled++;
  if (result.signedOut) needsSignIn(run, entry.accountId);
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
