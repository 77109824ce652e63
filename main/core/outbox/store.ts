/**
 * The journal as the outbox uses it: every read-modify-append runs under an in-process
 * mutex and the cross-process journal lock, after picking up what other processes wrote,
 * so two processes never both move the same entry (e.g. one cancels while the other
 * marks it sending). Owns nothing else; never sends anything.
 *
 * A holder that stalled past the lock's staleness (SIGSTOP, a slow fsync) finds out at its
 * next write (the journal asks `stillHolds`): it takes the lock again and redoes the whole
 * read-modify-append on fresh state, so its change is decided on what is on disk now.
 * Once an append is saved, the update has succeeded: a compaction that fails afterwards
 * (disk full) is logged and tried again at a later update, never reported as a failure of
 * a change that was in fact journaled.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireLock, type FileLock } from '../fs/file-lock';
import type { BackoffPolicy } from './backoff';
import { JournalLockLost, openJournal, type Journal, type JournalReport } from './journal';
import { transition, type OutboxEvent } from './state-machine';
import type { OutboxEntry, OutboxLogger } from './types';

export const JOURNAL_LOCK = 'journal.lock';

/** Holders only append a few lines, so a 10 s heartbeat-less hold means a hung or stopped owner. */
export const JOURNAL_LOCK_STALE_MS = 10_000;

/** Another process held the journal lock for the whole wait. */
export class JournalBusy extends Error {
  constructor() {
    super('The outbox journal is locked by another process; try again.');
    this.name = 'JournalBusy';
  }
}

/** Times a holder retakes a lock that was taken from it before giving up on one change. */
const MAX_RETAKES = 3;

export interface Store {
  entries(): ReadonlyMap<string, OutboxEntry>;
  /** Runs `fn` on the freshest state; entries it returns are appended (fsync) before it resolves. `fn` may run again if the lock was lost. */
  update<T>(fn: (entries: ReadonlyMap<string, OutboxEntry>) => { write: OutboxEntry[]; value: T }): Promise<T>;
  /** Re-reads what other processes wrote. */
  refresh(): Promise<void>;
  /** What loading found damaged (empty when all was well); grows if damage appears later. */
  readonly report: JournalReport;
}

export interface StoreOptions {
  /** Compact after this many log lines. */
  compactEvery?: number;
  /** How long to wait for another process's journal lock before giving up. */
  lockWaitMs?: number;
  /** A journal lock untouched this long is taken over (default JOURNAL_LOCK_STALE_MS; tests lower it). */
  lockStaleMs?: number;
  /** The outbox's clock, so history ages on the same time scale its entries are stamped with. */
  now?: () => number;
  logger?: OutboxLogger;
}

const quiet: OutboxLogger = { info: () => undefined, warn: () => undefined };

/** A failure's code for logs (never its message: fs messages carry paths with user names). */
const errorCode = (err: unknown) => (err instanceof JournalLockLost ? 'lock-lost' : ((err as NodeJS.ErrnoException | null)?.code ?? 'unknown'));

export async function openStore(dir: string, options: StoreOptions = {}): Promise<Store> {
  const compactEvery = options.compactEvery ?? 500;
  const lockPath = join(dir, JOURNAL_LOCK);
  const lockWaitMs = options.lockWaitMs ?? 15_000;
  const staleMs = options.lockStaleMs ?? JOURNAL_LOCK_STALE_MS;
  const logger = options.logger ?? quiet;
  let chain: Promise<unknown> = Promise.resolve();
  /** The journal lock while this process holds it (inside `locked`), else null. */
  let held: FileLock | null = null;

  const take = async () => {
    const lock = await acquireLock(lockPath, { staleMs, waitMs: lockWaitMs, retryMs: 5 });
    if (!lock) throw new JournalBusy();
    held = lock;
  };

  const locked = async <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(async () => {
      await take();
      try {
        for (let retakes = 0; ; retakes++) {
          try {
            return await fn();
          } catch (err) {
            if (!(err instanceof JournalLockLost) || retakes >= MAX_RETAKES) throw err;
            // We stalled and another process took the lock: take it back, then redo the
            // whole step on what is on disk now.
            logger.warn('outbox journal lock was taken over while held; redoing on fresh state', { retakes: retakes + 1 });
            await held?.release();
            held = null;
            await take();
          }
        }
      } finally {
        const lock = held;
        held = null;
        await lock?.release();
      }
    });
    chain = run.catch(() => undefined);
    return run;
  };

  await mkdir(dir, { recursive: true, mode: 0o700 });
  let journal!: Journal;
  const report: JournalReport = { problems: [], keptAside: [] };
  const merge = (r: JournalReport) => {
    report.problems.push(...r.problems);
    report.keptAside.push(...r.keptAside);
  };
  await locked(async () => {
    const opened = await openJournal(dir, {
      ...(options.now ? { now: options.now } : {}),
      stillHolds: async () => held !== null && (await held.owned()),
    });
    journal = opened.journal;
    merge(opened.report);
  });

  return {
    entries: () => journal.entries(),
    report,
    refresh: () => locked(async () => merge(await journal.refresh())),
    update: (fn) =>
      locked(async () => {
        merge(await journal.refresh());
        const { write, value } = fn(journal.entries());
        await journal.append(write);
        if (journal.logLength() >= compactEvery) {
          try {
            await journal.compact();
          } catch (err) {
            // The change above is saved; folding the log can wait for a later update.
            logger.warn('outbox journal compaction failed; will retry later', { error: errorCode(err) });
          }
        }
        return value;
      }),
  };
}

/**
 * Moves one entry through the state machine on the freshest state; null when the event
 * no longer applies (another process cancelled, sent or rescheduled it meanwhile).
 * The only way entries change after they are created.
 */
export function applyEvent(
  store: Store,
  id: string,
  event: (current: OutboxEntry) => OutboxEvent | null,
  now: () => number,
  policy: BackoffPolicy,
): Promise<OutboxEntry | null> {
  return store.update((entries) => {
    const cur = entries.get(id);
    const ev = cur ? event(cur) : null;
    if (!cur || !ev) return { write: [], value: null };
    const t = transition(cur, ev, now(), policy);
    return t.ok ? { write: [t.entry], value: t.entry } : { write: [], value: null };
  });
}
