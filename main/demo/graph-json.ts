/**
 * Renders internal records as Microsoft Graph JSON for Entra ID role and PIM for Groups
 * requests, approvals and steps/stages, in the shape of Microsoft's own Graph models
 * (@microsoft/msgraph-sdk for v1.0, @microsoft/msgraph-beta-sdk for beta; the conformance
 * test holds every response against them). Where the shared records speak ARM's words, this
 * file says what Graph says. Pure; never decides anything.
 */
import type { PrincipalInfo } from './catalog';
import type { RequestRec, StageRec } from './model';
import type { GraphVersion } from './routes/graph-match';
import type { Tenant } from './state';

/** Graph's timestamps: UTC, whole seconds. */
const iso = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** ARM's PascalCase enum values (SelfActivate, AfterDuration) are camelCase on Graph. */
const camel = (text: string): string => (text === '' ? text : `${text.charAt(0).toLowerCase()}${text.slice(1)}`);

/**
 * The approval id Graph gives a request. For PIM for Groups it is the request's own id
 * (Microsoft's approval-get reads the approval by the assignment schedule request id); Entra
 * ID role approvals have an id of their own.
 */
export function graphApprovalId(rec: RequestRec): string | null {
  if (rec.approvalId === null) return null;
  return rec.kind === 'group' ? rec.name : rec.approvalId;
}

/**
 * A step's status in Graph's documented words (InProgress, Initializing, Completed, Expired).
 * The shared records call a later serial stage whose turn has not come NotStarted, which
 * Graph does not document; Initializing is the documented state of a step not yet open.
 * Anything else (a scenario's deliberately unknown status) is passed on as it is.
 */
export function graphStepStatus(status: string): string {
  return status === 'NotStarted' ? 'Initializing' : status;
}

/** Graph documents a step's result as NotReviewed, Approved or Denied (the PATCH body says Approve/Deny). */
export function graphReviewResult(result: string): string {
  return result === 'Approve' ? 'Approved' : result === 'Deny' ? 'Denied' : result;
}

/** One step (Entra) or stage (groups): the same shape under both names. */
export function stepJson(tenant: Tenant, stage: StageRec, viewer: string): unknown {
  const reviewer = stage.reviewedBy ? tenant.principal(stage.reviewedBy) : undefined;
  return {
    id: stage.id,
    displayName: stage.displayName,
    status: graphStepStatus(stage.status),
    reviewResult: graphReviewResult(stage.reviewResult),
    assignedToMe: stage.approvers.includes(viewer),
    // Graph's model is `identity` ({id, displayName}): no userPrincipalName, so clients must not need it.
    reviewedBy: reviewer ? { id: reviewer.id, displayName: reviewer.displayName } : null,
    reviewedDateTime: stage.reviewedAt === null ? null : iso(stage.reviewedAt),
    justification: stage.justification === '' ? null : stage.justification,
  };
}

/**
 * The approval with its decisions: Entra ID approvals (beta only) list `steps`; group
 * approvals list `stages` in v1.0 and `steps` in beta, as each version's model has it.
 */
export function graphApprovalJson(tenant: Tenant, rec: RequestRec, viewer: string, version: GraphVersion): unknown {
  const steps = rec.stages.map((s) => stepJson(tenant, s, viewer));
  const id = graphApprovalId(rec);
  return rec.kind === 'group' && version === 'v1.0' ? { id, stages: steps } : { id, steps };
}

/** The relationships a list may expand; real Graph returns them only when asked ($expand). */
export type GraphExpansion = 'principal' | 'roleDefinition' | 'group';

/** An expanded principal as its own model has it: users have a UPN, service principals do not. */
function principalJson(p: PrincipalInfo | undefined): unknown {
  if (!p) return null;
  if (p.type === 'ServicePrincipal') return { '@odata.type': '#microsoft.graph.servicePrincipal', id: p.id, displayName: p.displayName };
  return { '@odata.type': '#microsoft.graph.user', id: p.id, displayName: p.displayName, userPrincipalName: p.upn };
}

/** createdBy is an identitySet: a service principal acts as an `application`, a person as a `user`. */
function createdByJson(p: PrincipalInfo | undefined): unknown {
  const identity = { id: p?.id ?? null, displayName: p?.displayName ?? null };
  return p?.type === 'ServicePrincipal' ? { application: identity } : { user: identity };
}

/** An item of filterByCurrentUser(on='approver'), with the relationships asked for in $expand. */
export function graphRequestJson(tenant: Tenant, rec: RequestRec, expand: ReadonlySet<GraphExpansion> = new Set()): unknown {
  const target = tenant.principal(rec.target);
  const requester = tenant.principal(rec.requester);
  // appScopeId belongs to Entra ID role requests only; the group request model has none.
  const kindFields =
    rec.kind === 'group'
      ? { accessId: rec.access ?? 'member', groupId: rec.role.id }
      : { roleDefinitionId: rec.role.id, directoryScopeId: rec.scope.id, appScopeId: null };
  const expanded = {
    ...(expand.has('principal') ? { principal: principalJson(target) } : {}),
    ...(rec.kind === 'group' && expand.has('group') ? { group: { id: rec.role.id, displayName: rec.role.displayName } } : {}),
    ...(rec.kind !== 'group' && expand.has('roleDefinition') ? { roleDefinition: { id: rec.role.id, displayName: rec.role.displayName, templateId: rec.role.id } } : {}),
  };
  return {
    id: rec.name,
    status: rec.status,
    action: camel(rec.requestType),
    principalId: target?.id ?? null,
    ...kindFields,
    justification: rec.justification,
    createdDateTime: iso(rec.createdOn),
    approvalId: graphApprovalId(rec),
    isValidationOnly: false,
    targetScheduleId: rec.targetRoleAssignmentScheduleId,
    scheduleInfo: {
      startDateTime: iso(rec.startOn),
      expiration: { type: camel(rec.expirationType), duration: rec.duration, endDateTime: rec.endDateTime },
    },
    ticketInfo: { ticketNumber: rec.ticketNumber, ticketSystem: rec.ticketSystem },
    createdBy: createdByJson(requester),
    ...expanded,
  };
}
