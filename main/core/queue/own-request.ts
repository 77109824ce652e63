/**
 * A request of my own: shown, never offered to decide (Azure refuses self-approval). One
 * wording of that for every kind; each adapter says who asked.
 */
import type { QueueItem } from './queue-item';

export function ownRequestItem(item: QueueItem): QueueItem {
  return { ...item, actionable: false, readOnly: 'own-request' };
}

/** Whether `requesterId` is me (ids compare case-insensitively; unknown on either side is not mine). */
export function isMe(requesterId: string | null | undefined, principalId: string | null | undefined): boolean {
  return !!principalId && !!requesterId && requesterId.toLowerCase() === principalId.toLowerCase();
}
