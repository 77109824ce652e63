/**
 * Notification wording per ux.md: title "Owner on Prod-Payments", "Global Administrator
 * (Entra ID)", "Member of Finance Admins (group)" (preload/item-labels.ts names every kind
 * the same way for the window and tray); body "Ada Lovelace · 2 h · "Deploy hotfix INC-42"".
 * With more than one account the tenant comes first: "Contoso · Contributor on Prod-Payments".
 * Pure. Names and justifications are other people's text: they are flattened to one plain
 * line and shortened here, never interpreted as markup.
 */
import type { QueueItemDto } from '../model/state';
import { itemHeadlineParts, type HeadlinePart } from '../model/item-labels';

/** The fields a notification shows; QueueItem and QueueItemDto both fit. */
export type NotifiableItem = Pick<QueueItemDto, 'id' | 'kind' | 'access' | 'role' | 'scope' | 'requester' | 'duration' | 'justification' | 'actionable' | 'tenant'>;

/** What a request's name is made of. */
export type TitledItem = Pick<NotifiableItem, 'kind' | 'access' | 'role' | 'scope'>;

const maxTitle = 90;
const maxJustification = 120;

/** Removes control characters and line breaks, collapses spaces, shortens with an ellipsis. */
export function plainLine(text: string, max: number): string {
  const flat = text
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ')
    // Bidi embeddings, overrides and isolates: a name must not reorder the words after it
    // (a notification has no <bdi>); "gnp.exe" stays "gnp.exe", never reads "exe.png".
    .replace(/[\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = [...flat]; // by code point, so an emoji is never cut in half
  return chars.length <= max ? flat : `${chars.slice(0, max - 1).join('').trimEnd()}…`;
}

/**
 * The request's name on one line of at most `max` characters. Long names are shortened
 * each on its own, so our words ("on", "(Entra ID)", "(group)") always survive.
 */
export function requestTitle(item: TitledItem, max = maxTitle): string {
  const flat = {
    kind: item.kind,
    access: item.access,
    role: { displayName: plainLine(item.role.displayName, max) },
    scope: { id: item.scope.id, displayName: plainLine(item.scope.displayName, max) },
  };
  return fitParts(itemHeadlineParts(flat), max);
}

/** Shares what our words leave of `max` among the tenant names, the shortest served first. */
function fitParts(parts: readonly HeadlinePart[], max: number): string {
  const length = (text: string) => [...text].length;
  const fixed = parts.filter((p) => !p.tenant).reduce((n, p) => n + length(p.text), 0);
  const names = parts.map((p, i) => ({ i, n: p.tenant ? length(p.text) : 0 })).filter((_, i) => parts[i]?.tenant);
  const room = new Map<number, number>();
  let left = Math.max(0, max - fixed);
  names.sort((a, b) => a.n - b.n);
  for (const [k, name] of names.entries()) {
    const share = Math.floor(left / (names.length - k));
    room.set(name.i, Math.min(name.n, share));
    left -= Math.min(name.n, share);
  }
  const text = parts.map((p, i) => (p.tenant ? plainLine(p.text, Math.max(1, room.get(i) ?? 1)) : p.text)).join('');
  return plainLine(text, max);
}

const maxTenant = 40;

/**
 * The title of a request's notification: its name, after its tenant when tenants are named
 * (`nameTenant`: more than one account), so "which directory?" is answered before the user
 * acts. The tenant is shortened first and gets at most 40 characters; the rest goes to the name.
 */
export function notificationTitle(item: TitledItem & Pick<NotifiableItem, 'tenant'>, nameTenant: boolean, max = maxTitle): string {
  const tenant = nameTenant && item.tenant ? plainLine(item.tenant.name.trim() || item.tenant.id, maxTenant) : '';
  if (!tenant) return requestTitle(item, max);
  return `${tenant} · ${requestTitle(item, Math.max(1, max - [...tenant].length - 3))}`;
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

/** Names the first few so the summary still answers "who wants what, where?" (and in which tenant). */
export function summaryBody(items: readonly (TitledItem & Pick<NotifiableItem, 'tenant'>)[], nameTenant = false): string {
  const named = items.slice(0, 2).map((item) => notificationTitle(item, nameTenant));
  const more = items.length - named.length;
  return more > 0 ? `${named.join(', ')} and ${more} more` : named.join(', ');
}
