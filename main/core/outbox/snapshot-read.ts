/**
 * Reads the text of `outbox.snapshot` entry by entry: one entry that does not parse (a
 * state this version does not know, a hand edit) must not take the others with it. Pure;
 * the journal decides what to keep aside. Problem texts name an entry by its id and say
 * what is wrong in terms of field names and enum values only — never a justification.
 */
import { decodeLine } from './journal-lines';
import { OutboxEntrySchema } from './entry-schema';
import type { OutboxEntry } from './types';

export interface UnreadableEntry {
  /** The entry's id when it has one, else its position ("#3"). */
  entryId: string;
  reason: string;
}

export type SnapshotRead =
  | { ok: true; seq: number; entries: OutboxEntry[]; unreadable: UnreadableEntry[] }
  /** The file as a whole cannot be trusted (torn, checksum, not a snapshot). */
  | { ok: false; reason: string };

export function readSnapshot(text: string): SnapshotRead {
  const decoded = decodeLine(text.endsWith('\n') ? text.slice(0, -1) : text);
  if (!decoded.ok) return { ok: false, reason: `snapshot ${decoded.reason}` };
  const body = decoded.value as { seq?: unknown; entries?: unknown } | null;
  if (!body || typeof body.seq !== 'number' || !Array.isArray(body.entries)) return { ok: false, reason: 'snapshot does not hold outbox entries' };
  const entries: OutboxEntry[] = [];
  const unreadable: UnreadableEntry[] = [];
  body.entries.forEach((value: unknown, i) => {
    const parsed = OutboxEntrySchema.safeParse(value);
    if (parsed.success) entries.push(parsed.data);
    else unreadable.push({ entryId: idOf(value) ?? `#${i + 1}`, reason: whyNotAnEntry(value, parsed.error.issues[0]?.path ?? []) });
  });
  return { ok: true, seq: body.seq, entries, unreadable };
}

function idOf(value: unknown): string | null {
  const id = typeof value === 'object' && value !== null ? (value as { id?: unknown }).id : undefined;
  // Ids are UUIDs; anything else is shown only if it is short and plain.
  return typeof id === 'string' && /^[\w.-]{1,64}$/.test(id) ? id : null;
}

/** "not an outbox entry (state 'paused')" — the state is an enum, safe to show; other fields by name only. */
function whyNotAnEntry(value: unknown, path: readonly PropertyKey[]): string {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'not an outbox entry';
  const field = path[0];
  if (field === 'state') {
    const state = (value as { state?: unknown }).state;
    return typeof state === 'string' && /^[\w-]{1,32}$/.test(state) ? `not an outbox entry (state '${state}')` : 'not an outbox entry (state)';
  }
  return field === undefined ? 'not an outbox entry' : `not an outbox entry (${path.map(String).join('.')})`;
}
