/**
 * Which of two versions of one outbox entry is the truer one, wherever two meet: a log
 * line against the snapshot, two log lines, a log a compaction was folding, or a line
 * another process appended while this one stalled. An entry only ever moves forward
 * (queued → sending → final; attempts only grow; each change is stamped later), so the
 * version further along its life wins — never the one that merely has a later sequence
 * number. Pure: no I/O, no clock.
 */
import { isFinal, type OutboxEntry } from './types';

/**
 * The more advanced of `current` (what is known) and `incoming` (what was just read):
 * a final state beats a non-final one; then more attempts; then a later `updatedAt`.
 * A tie goes to `incoming`, the version read later, so replaying a log in order keeps
 * its last line as before.
 */
export function moreAdvanced(current: OutboxEntry | undefined, incoming: OutboxEntry): OutboxEntry {
  if (!current) return incoming;
  const finalNow = isFinal(current.state);
  const finalNew = isFinal(incoming.state);
  if (finalNow !== finalNew) return finalNew ? incoming : current;
  if (current.attempts !== incoming.attempts) return incoming.attempts > current.attempts ? incoming : current;
  if (current.updatedAt !== incoming.updatedAt) return incoming.updatedAt > current.updatedAt ? incoming : current;
  return incoming;
}
