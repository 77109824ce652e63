/**
 * The offline outbox: every decision is journaled before anything is sent, then sent
 * exactly once when ARM is reachable, and ends in a state the user can read (done,
 * conflict, expired, failed, cancelled). Shared by the app and the CLI through the same
 * directory: one drainer at a time (drain.lock), journal changes under journal.lock.
 *
 * Owns the public API (enqueue, cancel, list, sync, onChange) and wires the parts: the
 * journal (store.ts), the drain loop (drain.ts), the background pump (pump.ts), the
 * connectivity view (online.ts) and the shared rate budget (rate-budget.ts).
 * Cancel is allowed while a decision was never attempted (undo window, or queued while
 * offline); once an attempt was made it may have reached Azure, so cancel is refused
 * rather than promise something untrue. Never logs a justification or a token.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { defaultBackoff, type BackoffPolicy } from './backoff';
import { drain, DRAIN_LOCK_STALE_MS, dueAt, isWaiting, type DrainDeps } from './drain';
import type { JournalReport } from './journal';
import { createConnectivity, type Probe } from './online';
import { createPump, type Pump } from './pump';
import { ARM_TENANT_LIMITS, createRateBudget, type RateBudget } from './rate-budget';
import { newestFirst } from './state-machine';
import { applyEvent, openStore } from './store';
import { isFinal, type DecisionKind, type Enqueued, type NewDecision, type OutboxEntry, type OutboxLogger, type SyncSummary } from './types';
import { enqueueVerdict } from './enqueue-rule';
import type { DecisionRoute } from './sender';

export { DRAIN_LOCK } from './drain';

export interface OutboxOptions {
  dir: string;
  /**
   * Where decisions go, per account and kind: that account's service for the kind (its
   * registry's `of(kind)`), or null when the account is signed out or the kind cannot be
   * sent now (the entry waits).
   */
  api: (accountId: string, kind: DecisionKind) => DecisionRoute | null;
  clock: Clock;
  /** Time a decision made while online waits before it is sent, so it can be undone. */
  undoMs?: number;
  logger?: OutboxLogger;
  /** Shared with the poller so both stay under ARM's limits together. */
  budgets?: { reads: RateBudget; writes: RateBudget };
  /** Reachability check before a drain and after network errors. */
  probe?: Probe;
  /** What the OS says at start (default true). */
  online?: boolean;
  /** Decisions in flight at once. */
  concurrency?: number;
  backoff?: BackoffPolicy;
  random?: () => number;
  /**
   * An entry a dead drainer left in `sending` waits this long after its last stamp before
   * it is re-checked, so a write still being processed by ARM lands before we look.
   */
  recoveryGraceMs?: number;
  /**
   * After a write Azure may still apply (202, a hung or broken answer), only reads are sent
   * for this long; then one new write is allowed. Default 10 min (sender.ts).
   */
  writeSettleMs?: number;
  /** Transient failures before an entry is given up as `failed`. */
  maxAttempts?: number;
  /** My principal object id per account, to recognise my own review when re-checking. */
  principalId?: (accountId: string) => Promise<string | null>;
  /** Run drains in the background on enqueue, reconnect and resume (the app); the CLI calls sync(). */
  autoSync?: boolean;
  /** How long a drain waits for entries in backoff or the undo window before returning. */
  syncWaitMs?: number;
  /** How often to probe while offline without an OS event (autoSync only). */
  offlineProbeMs?: number;
  /** Fold the journal's log into a snapshot after this many lines (default 500). */
  compactEvery?: number;
  /**
   * How long a drain lock or journal lock may go without a heartbeat before another
   * process takes it over (defaults DRAIN_LOCK_STALE_MS, JOURNAL_LOCK_STALE_MS). Only tests
   * that stop a process on purpose lower them.
   */
  drainLockStaleMs?: number;
  journalLockStaleMs?: number;
}

export type CancelResult = { ok: true; entry: OutboxEntry } | { ok: false; reason: string };

export interface SyncOptions {
  /** Overrides `syncWaitMs` for this run (0 = send what is due and return). */
  waitMs?: number;
}

export interface Outbox {
  /**
   * Journals a decision (fsync) before anything is sent. One entry per (account, stage):
   * the same verb again answers the existing entry, the opposite verb is refused.
   */
  enqueue(decision: NewDecision): Promise<Enqueued>;
  cancel(id: string): Promise<CancelResult>;
  /** Newest first. */
  list(): OutboxEntry[];
  get(id: string): OutboxEntry | undefined;
  /** Re-reads the journal (another process may have changed it). */
  refresh(): Promise<void>;
  sync(signal?: AbortSignal, options?: SyncOptions): Promise<SyncSummary>;
  /** OS network event; going online starts a drain when autoSync is on. */
  setOnline(online: boolean): void;
  /** The machine woke up. */
  resumed(): void;
  onChange(listener: (entries: OutboxEntry[]) => void): () => void;
  /** What loading the journal found damaged. */
  readonly report: JournalReport;
  close(): Promise<void>;
}

const noLogger: OutboxLogger = { info: () => undefined, warn: () => undefined };

export async function openOutbox(options: OutboxOptions): Promise<Outbox> {
  const { dir, clock } = options;
  const undoMs = options.undoMs ?? 5_000;
  const logger = options.logger ?? noLogger;
  const concurrency = Math.max(1, options.concurrency ?? 4);
  const backoff = options.backoff ?? defaultBackoff;
  const random = options.random ?? Math.random;
  const recoveryGraceMs = options.recoveryGraceMs ?? 3_000;
  const maxAttempts = options.maxAttempts ?? 15;
  const syncWaitMs = options.syncWaitMs ?? 60_000;
  const offlineProbeMs = options.offlineProbeMs ?? 30_000;
  const budgets = options.budgets ?? {
    reads: createRateBudget({ ...ARM_TENANT_LIMITS.reads, clock }),
    writes: createRateBudget({ ...ARM_TENANT_LIMITS.writes, clock }),
  };
  const connectivity = createConnectivity(options.online ?? true, options.probe);
  const store = await openStore(dir, {
    now: () => clock.now(),
    logger,
    ...(options.compactEvery ? { compactEvery: options.compactEvery } : {}),
    ...(options.journalLockStaleMs ? { lockStaleMs: options.journalLockStaleMs } : {}),
  });
  const listeners = new Set<(entries: OutboxEntry[]) => void>();
  const closing = new AbortController();
  let closed = false;

  for (const p of store.report.problems) {
    logger.warn(p.keptAs ? 'outbox journal damage kept aside' : 'outbox journal damage dropped', { file: p.file, line: p.line, entryId: p.entryId, reason: p.reason, keptAs: p.keptAs });
  }

  const list = () => [...store.entries().values()].sort(newestFirst);
  const notify = () => {
    if (listeners.size === 0) return;
    const snapshot = list();
    for (const l of listeners) {
      try {
        l(snapshot);
      } catch (err) {
        // A broken listener (UI) must not stop a drain half-way.
        logger.warn('outbox listener failed', { error: err instanceof Error ? err.message : 'unknown' });
      }
    }
  };
  const dueTimes = () => list().filter(isWaiting).map((e) => dueAt(e, recoveryGraceMs));

  const principalCache = new Map<string, string | null>();
  const me = async (accountId: string) => {
    if (!options.principalId) return null;
    if (!principalCache.has(accountId)) principalCache.set(accountId, await options.principalId(accountId).catch(() => null));
    return principalCache.get(accountId) ?? null;
  };
  const drainDeps: DrainDeps = {
    dir,
    store,
    clock,
    connectivity,
    hasProbe: options.probe !== undefined,
    resolveApi: options.api,
    me,
    budgets,
    backoff,
    random,
    recoveryGraceMs,
    ...(options.writeSettleMs !== undefined ? { writeSettleMs: options.writeSettleMs } : {}),
    maxAttempts,
    concurrency,
    lockStaleMs: options.drainLockStaleMs ?? DRAIN_LOCK_STALE_MS,
    logger,
    notify,
  };

  // One drain at a time in this process; later callers queue behind the current one.
  let syncChain: Promise<unknown> = Promise.resolve();
  const sync = (signal?: AbortSignal, opts: SyncOptions = {}): Promise<SyncSummary> => {
    const run = syncChain.then(() => drain(drainDeps, signal ? AbortSignal.any([signal, closing.signal]) : closing.signal, opts.waitMs ?? syncWaitMs));
    syncChain = run.catch(() => undefined);
    return run;
  };

  const pump: Pump | null = options.autoSync
    ? createPump({
        clock,
        logger,
        dueTimes,
        isOnline: () => connectivity.isOnline(),
        hasProbe: options.probe !== undefined,
        offlineProbeMs,
        busyRetryMs: 5_000,
        drainOnce: () => sync(undefined, { waitMs: 0 }),
      })
    : null;

  // ---- public API ----------------------------------------------------------------------

  const outbox: Outbox = {
    report: store.report,
    list,
    get: (id) => store.entries().get(id),
    refresh: async () => {
      await store.refresh();
      notify();
    },
    async enqueue(decision) {
      if (closed) throw new Error('outbox is closed');
      if (!decision.stageId || !decision.justification.trim()) throw new Error('a decision needs a stage id and a justification');
      if (decision.result !== 'Approve' && decision.result !== 'Deny') throw new Error('result must be Approve or Deny');
      const now = clock.now();
      const outcome = await store.update((entries): { write: OutboxEntry[]; value: Enqueued } => {
        const verdict = enqueueVerdict(entries.values(), decision);
        if (verdict.kind === 'existing') return { write: [], value: { status: 'existing', entry: verdict.entry } };
        if (verdict.kind === 'refused') return { write: [], value: { status: 'refused', entry: verdict.entry, message: verdict.message } };
        const fresh: OutboxEntry = {
          id: randomUUID(),
          accountId: decision.accountId,
          kind: decision.kind ?? 'azureResource',
          stageId: decision.stageId,
          request: decision.request,
          result: decision.result,
          justification: decision.justification,
          createdAt: now,
          updatedAt: now,
          notBefore: connectivity.isOnline() ? now + undoMs : now,
          attempts: 0,
          state: 'queued',
          outcomeMessage: null,
          decidedBy: null,
          lastError: null,
          requestIds: [],
        };
        return { write: [fresh], value: { status: 'created', entry: fresh } };
      });
      const { entry } = outcome;
      logger.info(outcome.status === 'created' ? 'outbox enqueued' : `outbox enqueue ${outcome.status}`, { id: entry.id, stageId: entry.stageId, result: entry.result });
      if (outcome.status === 'created') {
        notify();
        pump?.schedule();
      }
      return outcome;
    },
    async cancel(id) {
      let reason = 'No such decision in the outbox.';
      const entry = await applyEvent(store, id, (cur) => {
        if (cur.state === 'queued' && cur.attempts === 0) return { type: 'cancel' };
        reason =
          cur.state === 'sending' || cur.state === 'queued'
            ? 'This decision may already have reached Azure; it can no longer be cancelled.'
            : isFinal(cur.state)
              ? `This decision is already ${cur.state}.`
              : reason;
        return null;
      }, () => clock.now(), backoff);
      if (!entry) return { ok: false, reason };
      logger.info('outbox cancelled', { id });
      notify();
      pump?.schedule();
      return { ok: true, entry };
    },
    sync,
    setOnline(online) {
      const changed = connectivity.setOnline(online);
      if (online && changed) pump?.kick();
      else pump?.schedule();
    },
    resumed() {
      pump?.kick();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      closed = true;
      pump?.stop();
      closing.abort();
      await syncChain;
    },
  };
  pump?.kick(); // app start
  return outbox;
}
