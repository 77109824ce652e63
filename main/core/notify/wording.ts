/**
 * Notification wording per ux.md: title "Owner on Prod-Payments", body
 * "Ada Lovelace · 2 h · "Deploy hotfix INC-42"". Pure. Names and justifications are
 * other people's text: they are flattened to one plain line and shortened here, never
 * interpreted as markup.
 */
import type { QueueItemDto } from '../../../preload/api';

/** The fields a notification shows; QueueItem and QueueItemDto both fit. */
export type NotifiableItem = Pick<QueueItemDto, 'id' | 'role' | 'scope' | 'requester' | 'duration' | 'justification' | 'actionable'>;

const maxTitle = 90;
const maxJustification = 120;

/** Removes control characters and line breaks, collapses spaces, shortens with an ellipsis. */
export function plainLine(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- stripping control characters is the point
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
  const chars = [...flat]; // by code point, so an emoji is never cut in half
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

export function requestTitle(item: Pick<NotifiableItem, 'role' | 'scope'>): string {
  const role = plainLine(item.role.displayName, maxTitle) || 'A role';
  const scope = plainLine(item.scope.displayName, maxTitle);
  return plainLine(scope ? `${role} on ${scope}` : role, maxTitle);
}

export function requestBody(item: NotifiableItem): string {
  const parts = [plainLine(item.requester.displayName, 60) || plainLine(item.requester.upn ?? '', 60) || 'Someone'];
  const duration = formatDuration(item.duration);
  if (duration) parts.push(duration);
  const why = item.justification === null ? '' : plainLine(item.justification, maxJustification);
  if (why) parts.push(`"${why}"`);
  if (!item.actionable) parts.push('decide in the Azure portal');
  return parts.join(' · ');
}

/** "PT2H" → "2 h", "PT1H30M" → "1 h 30 min", "P1DT2H" → "26 h"; null or unreadable → null. */
export function formatDuration(iso: string | null): string | null {
  if (!iso) return null;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$/.exec(iso);
  if (!m || iso === 'P' || iso.endsWith('T')) return null;
  const totalMinutes = Number(m[1] ?? 0) * 1440 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0) + Math.ceil(Number(m[4] ?? 0) / 60);
  if (totalMinutes <= 0) return null;
  const hours = Math.floor(totalMinutes / 60);
  const minutes = totalMinutes % 60;
  if (hours === 0) return `${minutes} min`;
  return minutes === 0 ? `${hours} h` : `${hours} h ${minutes} min`;
}

export function summaryTitle(count: number): string {
  return `${count} PIM requests waiting`;
}

/** Names the first few so the summary still answers "who wants what, where?". */
export function summaryBody(items: readonly Pick<NotifiableItem, 'role' | 'scope'>[]): string {
  const named = items.slice(0, 2).map(requestTitle);
  const more = items.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}
