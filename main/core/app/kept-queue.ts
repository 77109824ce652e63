/**
 * What AppCore does with the persisted queue (queue/persisted-queue.ts): at attach it shows
 * the account's last known queue at once, marked with its time (`queueAsOf`), whether or
 * not the network is there; after every successful poll it replaces the file; at sign-out
 * it removes it. A file that cannot be trusted is a warning, never a failure: the poll goes
 * ahead as if there were none. Never logs the queue.
 */
import type { AppState, OutboxEntryDto } from '../model/state';
import { stageKey } from '../outbox/stage-key';
import type { QueueItem } from '../queue/queue-item';
import type { PersistedQueueStore } from '../queue/persisted-queue';

export interface KeptQueue {
  store: PersistedQueueStore;
  /** Says (logs) why a kept queue was not used or not written; never carries the queue. */
  warn(message: string): void;
}

/** The state that shows the account's kept queue, or null when there is none to show. */
export async function restoreKeptQueue(kept: KeptQueue, accountId: string): Promise<Pick<AppState, 'queue' | 'lastCheckedAt' | 'queueAsOf'> | null> {
  const loaded = await kept.store.load(accountId).catch((err: unknown) => ({ status: 'ignored' as const, reason: err instanceof Error ? err.message : String(err) }));
  if (loaded.status === 'ignored') kept.warn(`queue: the queue kept from the last check was ignored: ${loaded.reason}`);
  if (loaded.status !== 'ok') return null;
  const asOf = new Date(loaded.asOf).toISOString();
  return { queue: loaded.items, lastCheckedAt: asOf, queueAsOf: asOf };
}

/**
 * The kept queue without the requests whose decisions (made before the restart) still wait in
 * the outbox: they were taken from the waiting list when decided and stay taken.
 */
export function withoutWaitingDecisions<T extends { id: string }>(items: readonly T[], decisions: readonly Pick<OutboxEntryDto, 'itemId' | 'state'>[] | undefined): T[] {
  const held = new Set((decisions ?? []).filter((e) => e.state === 'queued' || e.state === 'sending').map((e) => stageKey(e.itemId)));
  return items.filter((i) => !held.has(stageKey(i.id)));
}

/** The last write failure said, per kept queue: a keychain gone for good (memory-only session) is said once, not at every poll. */
const lastSaveProblem = new WeakMap<KeptQueue, string>();

/** Replaces the kept queue with a poll's; a failure to write is said (once while it lasts), never thrown. */
export function keepQueue(kept: KeptQueue, accountId: string, at: number, items: readonly QueueItem[]): Promise<void> {
  return kept.store.save(accountId, at, items).then(
    () => void lastSaveProblem.delete(kept),
    (err: unknown) => {
      const problem = `queue: could not keep the queue for offline use: ${err instanceof Error ? err.message : String(err)}`;
      if (lastSaveProblem.get(kept) === problem) return;
      lastSaveProblem.set(kept, problem);
      kept.warn(problem);
    },
  );
}

/** Forgets the account's kept queue (sign-out); a failure is said, never thrown. */
export async function forgetKeptQueue(kept: KeptQueue, accountId: string): Promise<void> {
  await kept.store.remove(accountId).catch((err: unknown) => kept.warn(`queue: could not remove the kept queue: ${err instanceof Error ? err.message : String(err)}`));
}
