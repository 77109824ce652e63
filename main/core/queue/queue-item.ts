/**
 * QueueItem: one decision waiting for me (a schedule request joined with my stage), the
 * shape the UI receives (assignable to preload's QueueItemDto). Pure mapping; no I/O.
 */
import type { ItemKind } from '../model/state';
import type { Approval, ScheduleRequest } from '../arm/types';
import { earlierStages, type EarlierStage } from './earlier-stages';

/** An approval window runs 24 hours from the request's createdOn; nobody can change that. */
export const approvalWindowMs = 24 * 60 * 60 * 1000;

/** ARM cannot decide these (Microsoft's docs); they are shown read-only with a portal link. */
export const portalOnlyRequestTypes: ReadonlySet<string> = new Set(['SelfExtend', 'SelfRenew']);

export interface QueueItem {
  /** The stage id as ARM returned it, or a Graph stage's path; the decision is sent to this id. */
  id: string;
  kind: ItemKind;
  /** PIM for Groups: membership or ownership. */
  access?: 'member' | 'owner';
  accountId: string;
  approvalId: string;
  requestId: string;
  /** The request's short name (a GUID), which the CLI shows and accepts as a prefix. */
  requestName: string;
  requestType: string;
  requester: { id: string; displayName: string; upn: string | null };
  role: { id: string; displayName: string };
  /** `roleAssignable`: PIM for Groups, when Graph says the group can hold Entra ID roles. */
  scope: { id: string; displayName: string; type: string; roleAssignable?: boolean };
  justification: string | null;
  ticket: { number: string | null; system: string | null };
  createdOn: string;
  expiresAt: string;
  startsAt: string | null;
  duration: string | null;
  /** index is 1-based ("stage 1 of 2"); status is the stage's raw status. */
  stage: { index: number; count: number; status: string };
  /** Multi-stage approvals: what the stages before this one said (empty for the first). */
  earlierStages?: EarlierStage[];
  actionable: boolean;
  /** Why it is read-only: ARM cannot decide it, it is my own request, or the stage is not mine. */
  readOnly?: 'portal-only' | 'own-request' | 'not-mine';
}

/** Builds the item for one stage of a request's approval; null when it has no createdOn to time it. */
export function toQueueItem(request: ScheduleRequest, approval: Approval, stageIndex: number, accountId: string): QueueItem | null {
  const stage = approval.stages[stageIndex];
  const created = request.createdOn === null ? NaN : Date.parse(request.createdOn);
  if (!stage || Number.isNaN(created)) return null;
  const principal = request.principal;
  return {
    id: stage.id,
    kind: 'azureResource',
    accountId,
    approvalId: approval.id,
    requestId: request.id,
    requestName: request.name,
    requestType: request.requestType,
    requester: {
      id: principal?.id || request.requestorId || '',
      displayName: principal?.displayName ?? '',
      upn: principal?.email ?? null,
    },
    role: { id: request.roleDefinition?.id ?? '', displayName: request.roleDefinition?.displayName ?? '' },
    scope: { id: request.scope?.id ?? '', displayName: request.scope?.displayName ?? '', type: request.scope?.type ?? '' },
    ...timingAndStage({ ...request, createdOn: request.createdOn as string }, created, approval, stageIndex),
    actionable: isMineToDecide(stage) && !portalOnlyRequestTypes.has(request.requestType),
    ...(portalOnlyRequestTypes.has(request.requestType) ? { readOnly: 'portal-only' as const } : !isMineToDecide(stage) ? { readOnly: 'not-mine' as const } : {}),
  };
}

export function isMineToDecide(stage: { assignedToMe: boolean; status: string; reviewResult: string }): boolean {
  return stage.assignedToMe && stage.status === 'InProgress' && stage.reviewResult === 'NotReviewed';
}

type TimedFields = 'justification' | 'ticket' | 'createdOn' | 'expiresAt' | 'startsAt' | 'duration' | 'stage' | 'earlierStages';

/** What every kind's item says the same way: why, ticket, when, for how long, which stage. */
export function timingAndStage(
  request: { justification: string | null; ticketNumber: string | null; ticketSystem: string | null; createdOn: string; startDateTime: string | null; duration: string | null },
  createdMs: number,
  approval: Approval,
  stageIndex: number,
): Pick<QueueItem, TimedFields> {
  return {
    justification: request.justification,
    ticket: { number: request.ticketNumber, system: request.ticketSystem },
    createdOn: request.createdOn,
    expiresAt: new Date(createdMs + approvalWindowMs).toISOString(),
    startsAt: request.startDateTime,
    duration: request.duration,
    stage: { index: stageIndex + 1, count: approval.stages.length, status: approval.stages[stageIndex]?.status ?? 'Unknown' },
    ...(stageIndex > 0 ? { earlierStages: earlierStages(approval, stageIndex) } : {}),
  };
}
