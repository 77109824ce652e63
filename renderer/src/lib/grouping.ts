/**
 * Grouping the shown queue by ticket or by requester, so one decision can cover "4 requests for
 * CHG0031337 · Jordan Lee" through the bulk dialog. Pure: groups hold exactly the items given
 * (what the filter shows), in their order; groups are ordered by their soonest expiry. A group
 * never spans tenants: one ticket number in two directories is two changes, decided apart.
 */
import type { QueueItemDto } from '../../../preload/api';
import { tenantName } from '../../../preload/item-labels';
import { plural } from './bulk-summary';

export type GroupBy = 'none' | 'ticket' | 'requester';

export interface RequestGroup {
  key: string;
  /** "4 requests for CHG0031337 · Jordan Lee", "3 requests from Jordan Lee", "Contoso · 2 requests from Jordan Lee". */
  label: string;
  /** The ticket or requester the group is about (tenant text, for a <bdi>). */
  name: string;
  items: QueueItemDto[];
}

const requesterName = (i: QueueItemDto) => i.requester.displayName || i.requester.upn || 'Someone';

/** "Jordan Lee", "Jordan Lee and 2 others". */
function people(items: readonly QueueItemDto[]): string {
  const names = [...new Set(items.map(requesterName))];
  return names.length <= 1 ? (names[0] ?? 'Someone') : `${names[0]} and ${plural(names.length - 1, 'other')}`;
}

/**
 * `items` in list order (soonest expiry first): the first item of each group places it.
 * `showTenant` (several accounts): each label starts with the group's tenant.
 */
export function groupRequests(items: readonly QueueItemDto[], by: GroupBy, showTenant = false): RequestGroup[] {
  if (by === 'none') return [];
  const groups = new Map<string, QueueItemDto[]>();
  for (const item of items) {
    const within = by === 'ticket' ? `ticket:${item.ticket.number?.trim() ?? ''}` : `requester:${item.requester.id}`;
    const key = item.tenant ? `tenant:${item.tenant.id}|${within}` : within;
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return [...groups].map(([key, members]) => {
    const first = members[0] as QueueItemDto;
    const tenant = showTenant ? tenantName(first) : '';
    const lead = tenant ? `${tenant} · ` : '';
    if (by === 'ticket') {
      const ticket = first.ticket.number?.trim() ?? '';
      return ticket
        ? { key, name: ticket, items: members, label: `${lead}${plural(members.length, 'request')} for ${ticket} · ${people(members)}` }
        : { key, name: '', items: members, label: `${lead}${plural(members.length, 'request')} without a ticket · ${people(members)}` };
    }
    return { key, name: requesterName(first), items: members, label: `${lead}${plural(members.length, 'request')} from ${requesterName(first)}` };
  });
}
