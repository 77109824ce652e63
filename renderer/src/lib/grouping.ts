/**
 * Grouping the shown queue by ticket or by requester, so one decision can cover "4 requests for
 * CHG0031337 · Jordan Lee" through the bulk dialog. Pure: groups hold exactly the items given
 * (what the filter shows), in their order; groups are ordered by their soonest expiry.
 */
import type { QueueItemDto } from '../../../preload/api';
import { plural } from './bulk-summary';

export type GroupBy = 'none' | 'ticket' | 'requester';

export interface RequestGroup {
  key: string;
  /** "4 requests for CHG0031337 · Jordan Lee", "3 requests from Jordan Lee". */
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

/** `items` in list order (soonest expiry first): the first item of each group places it. */
export function groupRequests(items: readonly QueueItemDto[], by: GroupBy): RequestGroup[] {
  if (by === 'none') return [];
  const groups = new Map<string, QueueItemDto[]>();
  for (const item of items) {
    const key = by === 'ticket' ? `ticket:${item.ticket.number?.trim() ?? ''}` : `requester:${item.requester.id}`;
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return [...groups].map(([key, members]) => {
    const first = members[0] as QueueItemDto;
    if (by === 'ticket') {
      const ticket = first.ticket.number?.trim() ?? '';
      return ticket
        ? { key, name: ticket, items: members, label: `${plural(members.length, 'request')} for ${ticket} · ${people(members)}` }
        : { key, name: '', items: members, label: `${plural(members.length, 'request')} without a ticket · ${people(members)}` };
    }
    return { key, name: requesterName(first), items: members, label: `${plural(members.length, 'request')} from ${requesterName(first)}` };
  });
}
