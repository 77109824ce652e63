/**
 * The journal as the outbox uses it: every read-modify-append runs under an in-process
 * mutex and the cross-process journal lock, after picking up what other processes wrote,
 * so two processes never both move the same entry (e.g. one cancels while the other
 * marks it sending). Owns nothing else; never sends anything.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { acquireLock } from './lock';
import type { BackoffPolicy } from './backoff';
import { openJournal, type Journal, type JournalReport } from './journal';
import { transition, type OutboxEvent } from './state-machine';
import type { OutboxEntry } from './types';

export const JOURNAL_LOCK = 'journal.lock';

export interface Store {
  entries(): ReadonlyMap<string, OutboxEntry>;
  /** Runs `fn` on the freshest state; entries it returns are appended (fsync) before it resolves. */
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
  /** The outbox's clock, so history ages on the same time scale its entries are stamped with. */
  now?: () => number;
}

export async function openStore(dir: string, options: StoreOptions = {}): Promise<Store> {
  const compactEvery = options.compactEvery ?? 500;
  const lockPath = join(dir, JOURNAL_LOCK);
  const lockWaitMs = options.lockWaitMs ?? 15_000;
  let chain: Promise<unknown> = Promise.resolve();

  const locked = async <T>(fn: () => Promise<T>): Promise<T> => {
    const run = chain.then(async () => {
      // Holders only append a few lines, so a 10 s heartbeat-less hold means a hung or dead owner.
      const lock = await acquireLock(lockPath, { staleMs: 10_000, waitMs: lockWaitMs, retryMs: 5 });
      if (!lock) throw new Error('The outbox journal is locked by another process; try again.');
      try {
        return await fn();
      } finally {
        await lock.release();
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
    const opened = await openJournal(dir, options.now ? { now: options.now } : {});
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
        if (journal.logLength() >= compactEvery) await journal.compact();
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
