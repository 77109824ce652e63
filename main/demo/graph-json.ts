/**
 * Renders internal records as Microsoft Graph JSON for Entra ID role and PIM for Groups
 * requests, approvals and steps/stages, exactly in the shape docs/graph-api.md gives. Pure;
 * never decides anything.
 */
import type { PrincipalInfo } from './catalog';
import type { RequestRec, StageRec } from './model';
import type { Tenant } from './state';

/** Graph's timestamps: UTC, whole seconds. */
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** ARM's PascalCase enum values (SelfActivate, AfterDuration) are camelCase on Graph. */
const camel = (text: string): string => (text === '' ? text : `${text.charAt(0).toLowerCase()}${text.slice(1)}`);

const odataType = (p: PrincipalInfo | undefined): string => (p?.type === 'ServicePrincipal' ? '#microsoft.graph.servicePrincipal' : '#microsoft.graph.user');

/** One step (Entra) or stage (groups): the same shape under both names. */
export function stepJson(tenant: Tenant, stage: StageRec, viewer: string): unknown {
  const reviewer = stage.reviewedBy ? tenant.principal(stage.reviewedBy) : undefined;
  return {
    id: stage.id,
    displayName: stage.displayName,
    status: stage.status,
    reviewResult: stage.reviewResult,
    assignedToMe: stage.approvers.includes(viewer),
    reviewedBy: reviewer ? { id: reviewer.id, displayName: reviewer.displayName, userPrincipalName: reviewer.upn } : null,
    reviewedDateTime: stage.reviewedAt === null ? null : iso(stage.reviewedAt),
    justification: stage.justification === '' ? null : stage.justification,
  };
}

/** Entra approvals list `steps`, group approvals `stages`. */
export function graphApprovalJson(tenant: Tenant, rec: RequestRec, viewer: string): unknown {
  const steps = rec.stages.map((s) => stepJson(tenant, s, viewer));
  return rec.kind === 'group' ? { id: rec.approvalId, stages: steps } : { id: rec.approvalId, steps };
}

/** An item of filterByCurrentUser(on='approver'), with principal and roleDefinition/group expanded. */
export function graphRequestJson(tenant: Tenant, rec: RequestRec): unknown {
  const target = tenant.principal(rec.target);
  const requester = tenant.principal(rec.requester);
  const kindFields =
    rec.kind === 'group'
      ? { accessId: rec.access ?? 'member', groupId: rec.role.id }
      : { roleDefinitionId: rec.role.id, directoryScopeId: rec.scope.id };
  const expanded =
    rec.kind === 'group'
      ? { group: { id: rec.role.id, displayName: rec.role.displayName } }
      : { roleDefinition: { id: rec.role.id, displayName: rec.role.displayName, templateId: rec.role.id } };
  return {
    id: rec.name,
    status: rec.status,
    action: camel(rec.requestType),
    principalId: target?.id ?? null,
    ...kindFields,
    appScopeId: null,
    justification: rec.justification,
    createdDateTime: iso(rec.createdOn),
    approvalId: rec.approvalId,
    isValidationOnly: false,
    targetScheduleId: rec.targetRoleAssignmentScheduleId,
    scheduleInfo: {
      startDateTime: iso(rec.startOn),
      expiration: { type: camel(rec.expirationType), duration: rec.duration, endDateTime: rec.endDateTime },
    },
    ticketInfo: { ticketNumber: rec.ticketNumber, ticketSystem: rec.ticketSystem },
    createdBy: { user: { id: requester?.id ?? null, displayName: requester?.displayName ?? null } },
    principal: { '@odata.type': odataType(target), id: target?.id ?? null, displayName: target?.displayName ?? null, userPrincipalName: target?.upn ?? null },
    ...expanded,
  };
}
