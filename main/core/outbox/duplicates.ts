/**
 * Two entries holding one (account, stage) — written by two processes that raced, or by
 * an older version that compared stage ids case-sensitively — must not both reach Azure.
 * The oldest is the decision; a newer one that was never attempted is cancelled unsent.
 * A newer one that was attempted may already have reached Azure, so it is left to the
 * decision flow, which reads the stage before any write. Pure: no I/O, no clock.
 */
import { holdsStage } from './enqueue-rule';
import { accountKey, stageKey } from './stage-key';
import type { OutboxEntry } from './types';

export const DUPLICATE_MESSAGE = 'Duplicate of an earlier decision on this request; not sent';

/** Oldest first; ties by id so every process picks the same one. */
function olderFirst(a: OutboxEntry, b: OutboxEntry): number {
  return a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** The newer, never-attempted entries that duplicate an older holder of the same stage. */
export function duplicatesToCancel(entries: Iterable<OutboxEntry>): OutboxEntry[] {
  const byTarget = new Map<string, OutboxEntry[]>();
  for (const e of entries) {
    if (!holdsStage(e)) continue;
    const key = `${accountKey(e.accountId)}\n${stageKey(e.stageId)}`;
    const group = byTarget.get(key);
    if (group) group.push(e);
    else byTarget.set(key, [e]);
  }
  const out: OutboxEntry[] = [];
  for (const group of byTarget.values()) {
    if (group.length < 2) continue;
    const [, ...newer] = group.sort(olderFirst);
    out.push(...newer.filter((e) => e.state === 'queued' && e.attempts === 0));
  }
  return out;
}
