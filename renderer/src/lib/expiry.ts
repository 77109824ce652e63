/**
 * When a request stops being decidable: at the second its 24-hour approval window closes.
 * The window then offers no decision on it; only the next poll (Azure's answer) removes it
 * from Waiting. Pure: the clock is passed in.
 */
import { clockTime } from './format';

type Expiring = { expiresAt: string };

/** True from the second the request's window closes; an unreadable expiry is never "expired" here. */
export function isExpired(item: Expiring, now: number): boolean {
  const at = Date.parse(item.expiresAt);
  return Number.isFinite(at) && at <= now;
}

/** "Expired at 14:02" */
export function expiredAt(item: Expiring): string {
  return `Expired at ${clockTime(item.expiresAt)}`;
}

/** The reason a decision is not offered: "Expired at 14:02 — nothing to decide". */
export function expiredReason(item: Expiring): string {
  return `${expiredAt(item)} — nothing to decide`;
}

/** The soonest expiry still ahead of `now`, so the window can redraw at that very second; null when none. */
export function nextExpiry(items: readonly Expiring[], now: number): number | null {
  let next: number | null = null;
  for (const item of items) {
    const at = Date.parse(item.expiresAt);
    if (Number.isFinite(at) && at > now && (next === null || at < next)) next = at;
  }
  return next;
}

/** Splits chosen requests into those still decidable and those whose window has closed. */
export function partitionExpired<T extends Expiring>(items: readonly T[], now: number): { open: T[]; expired: T[] } {
  const open: T[] = [];
  const expired: T[] = [];
  for (const item of items) (isExpired(item, now) ? expired : open).push(item);
  return { open, expired };
}
