/**
 * What the queue shows: sorted by time left (soonest first), narrowed by the filters. Pure;
 * runs on every state change, so it stays linear in the number of items.
 */
import type { QueueItemDto } from '../../../preload/api';
import { requestTypeLabel, scopeLabel } from './format';

export interface QueueFilter {
  text: string;
  role: string;
  scope: string;
  requester: string;
}

export const NO_FILTER: QueueFilter = { text: '', role: '', scope: '', requester: '' };

export function byTimeLeft(items: readonly QueueItemDto[]): QueueItemDto[] {
  const at = (i: QueueItemDto) => {
    const t = Date.parse(i.expiresAt);
    // Unreadable expiry sorts last rather than breaking the order.
    return Number.isFinite(t) ? t : Number.POSITIVE_INFINITY;
  };
  return [...items].sort((a, b) => at(a) - at(b) || a.id.localeCompare(b.id));
}

function haystack(i: QueueItemDto): string {
  return [i.role.displayName, scopeLabel(i.scope), i.scope.id, i.requester.displayName, i.requester.upn ?? '', i.justification ?? '', i.ticket.number ?? '', requestTypeLabel(i.requestType)]
    .join('\n')
    .toLowerCase();
}

export function isFiltered(filter: QueueFilter): boolean {
  return filter.text.trim() !== '' || filter.role !== '' || filter.scope !== '' || filter.requester !== '';
}

export function applyFilter(items: readonly QueueItemDto[], filter: QueueFilter): QueueItemDto[] {
  const words = filter.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return items.filter(
    (i) =>
      (filter.role === '' || i.role.displayName === filter.role) &&
      (filter.scope === '' || i.scope.id === filter.scope) &&
      (filter.requester === '' || i.requester.id === filter.requester) &&
      (words.length === 0 || words.every((w) => haystack(i).includes(w))),
  );
}

export interface FilterChoice {
  value: string;
  label: string;
}

function choices(items: readonly QueueItemDto[], pick: (i: QueueItemDto) => FilterChoice): FilterChoice[] {
  const seen = new Map<string, FilterChoice>();
  for (const i of items) {
    const c = pick(i);
    if (!seen.has(c.value)) seen.set(c.value, c);
  }
  return [...seen.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/** The choices of each filter menu, taken from what is waiting now. */
export function filterChoices(items: readonly QueueItemDto[]) {
  return {
    roles: choices(items, (i) => ({ value: i.role.displayName, label: i.role.displayName })),
    scopes: choices(items, (i) => ({ value: i.scope.id, label: scopeLabel(i.scope) })),
    requesters: choices(items, (i) => ({ value: i.requester.id, label: i.requester.displayName })),
  };
}
