/**
 * Renders internal records as ARM JSON, shaped exactly like Microsoft's examples in
 * shared/spec (including their quirks). Pure; never decides anything.
 */
import type { RequestRec, StageRec } from './model';
import type { Tenant } from './state';

const APPROVALS = '/providers/Microsoft.Authorization/roleAssignmentApprovals';
// The examples give both approvals and stages this type; clients must not rely on it.
const APPROVAL_TYPE = 'Microsoft.Authorization/roleAssignmentApprovals/stages';
const STAGE_TYPE = 'Microsoft.Authorization/roleAssignmentApprovals/stages';

const iso = (ms: number): string => new Date(ms).toISOString();

/** "" for tenant-level calls, "/subscriptions/x" for scope-prefixed ones: ids echo the caller's form. */
export type IdPrefix = string;

export function approvalArmId(rec: RequestRec, prefix: IdPrefix = ''): string {
  return `${prefix}${APPROVALS}/${rec.approvalId ?? ''}`;
}

export function stageJson(tenant: Tenant, rec: RequestRec, stage: StageRec, viewer: string, prefix: IdPrefix, embedded: boolean): unknown {
  const reviewer = stage.reviewedBy ? tenant.principal(stage.reviewedBy) : undefined;
  return {
    id: `${approvalArmId(rec, prefix)}/stages/${stage.id}`,
    type: STAGE_TYPE,
    name: embedded ? stage.embeddedName : stage.id,
    properties: {
      displayName: stage.displayName,
      assignedToMe: stage.approvers.includes(viewer),
      status: stage.status,
      reviewedBy: reviewer
        ? {
            principalType: reviewer.type === 'User' ? 'user' : 'servicePrincipal',
            principalId: reviewer.id,
            principalName: reviewer.displayName,
            userPrincipalName: reviewer.upn,
          }
        : null,
      reviewedDateTime: stage.reviewedAt === null ? null : iso(stage.reviewedAt),
      reviewResult: stage.reviewResult,
      justification: stage.justification,
    },
  };
}

export function approvalJson(tenant: Tenant, rec: RequestRec, viewer: string, prefix: IdPrefix): unknown {
  return {
    id: approvalArmId(rec, prefix),
    type: APPROVAL_TYPE,
    name: rec.approvalId,
    properties: { stages: rec.stages.map((s) => stageJson(tenant, rec, s, viewer, prefix, true)) },
  };
}

export function scheduleRequestJson(tenant: Tenant, rec: RequestRec): unknown {
  const target = tenant.principal(rec.target);
  const requester = tenant.principal(rec.requester);
  return {
    properties: {
      targetRoleAssignmentScheduleId: rec.targetRoleAssignmentScheduleId,
      targetRoleAssignmentScheduleInstanceId: null,
      scope: rec.scope.id,
      roleDefinitionId: rec.role.id,
      principalId: target?.id ?? null,
      principalType: target?.type ?? 'User',
      requestType: rec.requestType,
      status: rec.status,
      approvalId: rec.approvalId ? approvalArmId(rec) : null,
      scheduleInfo: {
        startDateTime: iso(rec.startOn),
        expiration: { type: rec.expirationType, endDateTime: rec.endDateTime, duration: rec.duration },
      },
      ticketInfo: { ticketNumber: rec.ticketNumber, ticketSystem: rec.ticketSystem },
      justification: rec.justification,
      requestorId: requester?.id ?? null,
      createdOn: iso(rec.createdOn),
      condition: rec.condition,
      conditionVersion: rec.conditionVersion,
      expandedProperties: {
        scope: { id: rec.scope.id, displayName: rec.scope.displayName, type: rec.scope.type },
        roleDefinition: { id: rec.role.id, displayName: rec.role.displayName, type: rec.role.type },
        principal: { id: target?.id ?? null, displayName: target?.displayName ?? null, email: target?.upn ?? null, type: target?.type ?? 'User' },
      },
    },
    name: rec.name,
    id: `${rec.scope.id === '/' ? '' : rec.scope.id}/providers/Microsoft.Authorization/RoleAssignmentScheduleRequests/${rec.name}`,
    type: 'Microsoft.Authorization/RoleAssignmentScheduleRequests',
  };
}
