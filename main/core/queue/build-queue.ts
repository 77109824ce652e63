/**
 * buildQueue: the pure join of pending schedule requests with my open stages, sorted by
 * time left. Owns which requests count as waiting for me; never does I/O or reads a clock.
 * Only the service makes a request expired: what Azure lists as PendingApproval with a
 * stage open for me is waiting, whatever this machine's clock says (a clock that runs
 * ahead must not hide a request); the window marks an item whose time ran out itself.
 */
import type { Approval, ScheduleRequest } from '../arm/types';
import { isMineToDecide, toQueueItem, type QueueItem } from './queue-item';
import { isMe, ownRequestItem } from './own-request';

export interface QueueContext {
  accountId: string;
  /**
   * @deprecated Unused: items are no longer left out by the local clock (only Azure says a
   * request expired). Kept optional so callers that still pass it compile; drop it when you touch one.
   */
  now?: number;
  /** My principal object id, when known: my own requests are shown but not actionable (ARM refuses self-approval). */
  principalId?: string | null;
}

export function buildQueue(requests: ScheduleRequest[], approvals: Map<string, Approval>, ctx: QueueContext): QueueItem[] {
  const items: QueueItem[] = [];
  const taken = new Set<string>();
  for (const request of requests) {
    if (request.status !== 'PendingApproval' || !request.approvalId) continue;
    const approval = findApproval(approvals, request.approvalId);
    if (!approval) continue; // not fetched yet; it shows up once its approval is known
    const index = approval.stages.findIndex(isMineToDecide);
    if (index < 0) continue;
    const item = toQueueItem(request, approval, index, ctx.accountId);
    if (!item || taken.has(item.id)) continue;
    taken.add(item.id);
    items.push(isMe(request.requestorId, ctx.principalId) ? ownRequestItem(item) : item);
  }
  return items.sort(bySoonestExpiry);
}

/** Soonest expiry first; ties broken by stage id so the order never flickers between polls. */
export function bySoonestExpiry(a: QueueItem, b: QueueItem): number {
  return Date.parse(a.expiresAt) - Date.parse(b.expiresAt) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

/** ARM ids are case-insensitive; the list and the GET may spell one differently. */
function findApproval(approvals: Map<string, Approval>, id: string): Approval | undefined {
  const exact = approvals.get(id);
  if (exact) return exact;
  const lower = id.toLowerCase();
  for (const [key, approval] of approvals) if (key.toLowerCase() === lower) return approval;
  return undefined;
}
