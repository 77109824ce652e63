/**
 * Graph URLs of the calls we make (docs/graph-api.md), and the check that a stage path came
 * from us: only the two approval-stage shapes, with plain id segments, are ever sent a
 * token. Pure; never does I/O.
 */
import type { GraphKind } from './types';

const ENTRA_LIST = "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='approver')";
const GROUP_LIST = "/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/filterByCurrentUser(on='approver')";
const ENTRA_APPROVALS = '/beta/roleManagement/directory/roleAssignmentApprovals';
const GROUP_APPROVALS = '/v1.0/identityGovernance/privilegedAccess/group/assignmentApprovals';

const ID = '[A-Za-z0-9][A-Za-z0-9._-]{0,127}';
const STAGE_PATH: Record<GraphKind, RegExp> = {
  entraRole: new RegExp(`^${ENTRA_APPROVALS}/(${ID})/steps/(${ID})$`),
  group: new RegExp(`^${GROUP_APPROVALS}/(${ID})/stages/(${ID})$`),
};

export function pendingUrl(origin: string, kind: GraphKind): string {
  const expand = kind === 'entraRole' ? 'principal,roleDefinition' : 'principal,group';
  const query = `$filter=${encodeURIComponent("status eq 'PendingApproval'")}&$expand=${expand}`;
  return `${origin}${kind === 'entraRole' ? ENTRA_LIST : GROUP_LIST}?${query}`;
}

export function approvalUrl(origin: string, kind: GraphKind, approvalId: string): string | null {
  if (!new RegExp(`^${ID}$`).test(approvalId)) return null;
  return `${origin}${approvalPath(kind, approvalId)}`;
}

export function approvalPath(kind: GraphKind, approvalId: string): string {
  return `${kind === 'entraRole' ? ENTRA_APPROVALS : GROUP_APPROVALS}/${approvalId}`;
}

/** The path of one step (Entra ID) or stage (groups): the queue item's id. */
export function stagePath(kind: GraphKind, approvalId: string, stageId: string): string {
  return `${approvalPath(kind, approvalId)}/${kind === 'entraRole' ? 'steps' : 'stages'}/${stageId}`;
}

/** Which kind a stage path belongs to, or null when it is not one we build. */
export function kindOfStagePath(path: string): GraphKind | null {
  if (STAGE_PATH.entraRole.test(path)) return 'entraRole';
  if (STAGE_PATH.group.test(path)) return 'group';
  return null;
}

/** The approval a Graph stage path belongs to, as Graph names approvals (its bare id); null for any other path. */
export function approvalIdOfGraphStage(path: string): string | null {
  return (STAGE_PATH.entraRole.exec(path) ?? STAGE_PATH.group.exec(path))?.[1] ?? null;
}

export function stageUrl(origin: string, path: string): string | null {
  return kindOfStagePath(path) ? `${origin}${path}` : null;
}
