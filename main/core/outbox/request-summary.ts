/** The names an outbox entry keeps of its request (for history and the CLI), from a queue item. Pure. */
import type { QueueItem } from '../queue/queue-item';
import type { RequestSummary } from './types';

type SummarySource = Pick<QueueItem, 'role' | 'scope' | 'requestId' | 'approvalId' | 'expiresAt' | 'access'> & {
  requester: Pick<QueueItem['requester'], 'displayName' | 'upn'>;
};

export function requestSummaryOf(item: SummarySource): RequestSummary {
  return {
    role: item.role.displayName,
    scope: item.scope.displayName,
    requester: item.requester.displayName,
    requesterUpn: item.requester.upn,
    requestId: item.requestId,
    approvalId: item.approvalId,
    expiresAt: item.expiresAt,
    ...(item.access ? { access: item.access } : {}),
  };
}
