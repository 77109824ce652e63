/**
 * What the queue shows: sorted by time left (soonest first), narrowed by the filters. Pure;
 * runs on every state change and every filter keystroke, so each item's searchable text
 * and expiry are worked out once per item object (main's snapshots are immutable: an item
 * that changed is a new object) rather than once per keystroke or comparison.
 */
import type { ItemKind, QueueItemDto } from '../../../preload/api';
import { KIND_ORDER, kindLabel, tenantName } from '../../../preload/item-labels';
import { requestName, requestTypeLabel, scopeLabel } from './format';

export interface QueueFilter {
  text: string;
  /** A tenant id ('' for every tenant): with several accounts, one tenant's requests only. */
  tenant: string;
  /** '' for every kind. */
  kind: ItemKind | '';
  /** A roleChoice value: the role within its kind ("entraRole:Global Administrator", "group:owner"). */
  role: string;
  /** A scopeChoice value: the scope id within its kind. */
  scope: string;
  requester: string;
}

export const NO_FILTER: QueueFilter = { text: '', tenant: '', kind: '', role: '', scope: '', requester: '' };

export function byTimeLeft(items: readonly QueueItemDto[]): QueueItemDto[] {
  // Parsed once per item, not twice per comparison (n log n parses for 1,000 items).
  const keyed = items.map((item) => {
    const t = Date.parse(item.expiresAt);
    // Unreadable expiry sorts last rather than breaking the order.
    return { item, at: Number.isFinite(t) ? t : Number.POSITIVE_INFINITY };
  });
  // Ties (a generated batch shares its expiry) by id in code-unit order: stable and far cheaper than localeCompare.
  keyed.sort((a, b) => a.at - b.at || (a.item.id < b.item.id ? -1 : a.item.id > b.item.id ? 1 : 0));
  return keyed.map((k) => k.item);
}

/** Each item's lower-cased search text, kept while the item object lives. */
const haystacks = new WeakMap<QueueItemDto, string>();

function haystack(i: QueueItemDto): string {
  let text = haystacks.get(i);
  if (text === undefined) {
    text = searchText(i);
    haystacks.set(i, text);
  }
  return text;
}

function searchText(i: QueueItemDto): string {
  return [
    tenantName(i),
    requestName(i),
    i.role.displayName,
    scopeLabel(i.scope),
    i.scope.id,
    kindLabel(i.kind),
    i.requester.displayName,
    i.requester.upn ?? '',
    i.justification ?? '',
    i.ticket.number ?? '',
    requestTypeLabel(i.requestType),
  ]
    .join('\n')
    .toLowerCase();
}

export function isFiltered(filter: QueueFilter): boolean {
  return filter.text.trim() !== '' || filter.tenant !== '' || filter.kind !== '' || filter.role !== '' || filter.scope !== '' || filter.requester !== '';
}

export interface FilterChoice {
  value: string;
  label: string;
}

/**
 * The role filter's entry for an item. Kinds keep their roles apart (an Azure "Owner" is not a
 * group owner); for a group the role is the access asked for, the group being its scope.
 */
export function roleChoice(i: Pick<QueueItemDto, 'kind' | 'access' | 'role'>): FilterChoice {
  switch (i.kind) {
    case 'azureResource':
      return { value: `azureResource:${i.role.displayName}`, label: i.role.displayName };
    case 'entraRole':
      return { value: `entraRole:${i.role.displayName}`, label: `${i.role.displayName} (Entra ID)` };
    case 'group': {
      const access = i.access ?? '';
      return { value: `group:${access}`, label: access === 'owner' ? 'Group owner' : access === 'member' ? 'Group member' : 'Group (access not given)' };
    }
  }
}

/** The scope filter's entry for an item: "Prod-Payments (subscription)", "Directory (Entra ID)", "Finance Admins (group)". */
export function scopeChoice(i: Pick<QueueItemDto, 'kind' | 'scope'>): FilterChoice {
  return { value: `${i.kind}:${i.scope.id}`, label: scopeLabel(i.scope) };
}

export function applyFilter(items: readonly QueueItemDto[], filter: QueueFilter): QueueItemDto[] {
  const words = filter.text.trim().toLowerCase().split(/\s+/).filter(Boolean);
  return items.filter((i) => {
    if (filter.tenant !== '' && i.tenant?.id !== filter.tenant) return false;
    if (filter.kind !== '' && i.kind !== filter.kind) return false;
    if (filter.role !== '' && roleChoice(i).value !== filter.role) return false;
    if (filter.scope !== '' && scopeChoice(i).value !== filter.scope) return false;
    if (filter.requester !== '' && i.requester.id !== filter.requester) return false;
    if (words.length === 0) return true;
    const text = haystack(i);
    return words.every((w) => text.includes(w));
  });
}

function choices(items: readonly QueueItemDto[], pick: (i: QueueItemDto) => FilterChoice): FilterChoice[] {
  const seen = new Map<string, FilterChoice>();
  for (const i of items) {
    const c = pick(i);
    if (!seen.has(c.value)) seen.set(c.value, c);
  }
  return [...seen.values()].sort((a, b) => a.label.localeCompare(b.label));
}

/**
 * The choices of each filter menu, taken from what is waiting now; kinds in their fixed order.
 * Tenants by id (two tenants may share a display name), from items that name theirs.
 */
export function filterChoices(items: readonly QueueItemDto[]) {
  const present = new Set(items.map((i) => i.kind));
  return {
    tenants: distinctLabels(
      choices(
        items.filter((i) => i.tenant !== undefined),
        (i) => ({ value: i.tenant?.id ?? '', label: tenantName(i) }),
      ),
    ),
    kinds: KIND_ORDER.filter((k) => present.has(k)).map((k): FilterChoice => ({ value: k, label: kindLabel(k) })),
    roles: choices(items, roleChoice),
    scopes: choices(items, scopeChoice),
    requesters: choices(items, (i) => ({ value: i.requester.id, label: i.requester.displayName })),
  };
}

/** Two tenants with one display name stay apart in the menu: each then shows its id too. */
function distinctLabels(list: FilterChoice[]): FilterChoice[] {
  const count = new Map<string, number>();
  for (const c of list) count.set(c.label, (count.get(c.label) ?? 0) + 1);
  return list.map((c) => ((count.get(c.label) ?? 0) > 1 ? { value: c.value, label: `${c.label} (${c.value})` } : c));
}
