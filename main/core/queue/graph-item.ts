/**
 * The queue item for one Graph request (Entra ID role or PIM for Groups) joined with my
 * open stage: the same QueueItem the ARM kind yields, so the window, tray, notifications
 * and outbox treat every kind alike. Pure mapping; no I/O.
 */
import type { Approval } from '../arm/types';
import type { GraphRequest } from '../graph/types';
import { isMineToDecide, portalOnlyRequestTypes, timingAndStage, type QueueItem } from './queue-item';
import { bySoonestExpiry, type QueueContext } from './build-queue';
import { isMe, ownRequestItem } from './own-request';

/** Graph's camelCase actions ("selfActivate") in ARM's words ("SelfActivate"), which the UI names. */
export function requestTypeOf(action: string): string {
  return action ? action.charAt(0).toUpperCase() + action.slice(1) : '';
}

export function toGraphQueueItem(request: GraphRequest, approval: Approval, stageIndex: number, accountId: string): QueueItem | null {
  const stage = approval.stages[stageIndex];
  const created = request.createdDateTime === null ? NaN : Date.parse(request.createdDateTime);
  if (!stage || Number.isNaN(created)) return null;
  const requestType = requestTypeOf(request.action);
  const portalOnly = portalOnlyRequestTypes.has(requestType);
  const mine = isMineToDecide(stage);
  return {
    id: stage.id,
    kind: request.kind,
    ...(request.access ? { access: request.access } : {}),
    accountId,
    approvalId: approval.id,
    requestId: request.id,
    requestName: request.id,
    requestType,
    requester: {
      id: request.principal?.id || request.createdById || '',
      displayName: request.principal?.displayName ?? '',
      upn: request.principal?.email ?? null,
    },
    role: { id: request.role.id, displayName: request.role.displayName },
    scope: { id: request.scope.id, displayName: request.scope.displayName, type: request.scope.type, ...(request.scope.roleAssignable ? { roleAssignable: true } : {}) },
    ...timingAndStage({ ...request, createdOn: request.createdDateTime as string }, created, approval, stageIndex),
    actionable: mine && !portalOnly,
    ...(portalOnly ? { readOnly: 'portal-only' as const } : !mine ? { readOnly: 'not-mine' as const } : {}),
  };
}

/**
 * The Graph counterpart of buildQueue: pending requests with a stage open for me, soonest
 * expiry first. Like buildQueue, never drops an item by the local clock: Graph's list says what waits.
 */
export function buildGraphQueue(requests: readonly GraphRequest[], approvals: Map<string, Approval>, ctx: QueueContext): QueueItem[] {
  const items: QueueItem[] = [];
  for (const request of requests) {
    if (request.status !== 'PendingApproval' || !request.approvalId) continue;
    const approval = approvals.get(request.approvalId);
    if (!approval) continue;
    const index = approval.stages.findIndex(isMineToDecide);
    if (index < 0) continue;
    const item = toGraphQueueItem(request, approval, index, ctx.accountId);
    if (!item) continue;
    items.push(isOwnGraphRequest(request, ctx.principalId) ? ownRequestItem(item) : item);
  }
  return items.sort(bySoonestExpiry);
}

/** My own request (Graph refuses self-approval): shown, never actionable. */
export function isOwnGraphRequest(request: GraphRequest, principalId: string | null | undefined): boolean {
  return isMe(request.createdById ?? request.principal?.id, principalId);
}
