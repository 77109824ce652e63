/**
 * diffQueue: what one poll changed (added, removed, changed) keyed by item id. Pure.
 */
import type { QueueItem } from './queue-item';

export interface QueueDiff {
  added: QueueItem[];
  removed: QueueItem[];
  /** Items present before and after with any field different; carries the new version. */
  changed: QueueItem[];
}

export function diffQueue(prev: readonly QueueItem[], next: readonly QueueItem[]): QueueDiff {
  const before = new Map(prev.map((item) => [item.id, item]));
  const after = new Map(next.map((item) => [item.id, item]));
  const added: QueueItem[] = [];
  const changed: QueueItem[] = [];
  for (const [id, item] of after) {
    const old = before.get(id);
    if (!old) added.push(item);
    else if (!deepEqual(old, item)) changed.push(item);
  }
  const removed = [...before.values()].filter((item) => !after.has(item.id));
  return { added, removed, changed };
}

export function isEmptyDiff(diff: QueueDiff): boolean {
  return diff.added.length === 0 && diff.removed.length === 0 && diff.changed.length === 0;
}

function deepEqual(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => Object.hasOwn(b, k) && deepEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
