/**
 * ARM URLs of the calls we make, built from ids as ARM returned them. Owns the api
 * versions and the id check that keeps a crafted id from leaving the ARM path space.
 * Pure; never does I/O.
 */
import type { RequestFilter } from './types';

export const apiVersions = {
  scheduleRequests: '2020-10-01',
  approvals: '2021-01-01-preview',
  batch: '2020-06-01',
} as const;

const provider = '/providers/Microsoft.Authorization';

/** An ARM resource id: absolute path of plain segments, no query, fragment, dot segments or escapes. */
export function isResourceId(id: string): boolean {
  if (!id.startsWith('/') || id.length > 2048) return false;
  const segments = id.slice(1).split('/');
  return segments.every((s) => s !== '' && s !== '.' && s !== '..' && /^[A-Za-z0-9._~()-]+$/.test(s));
}

export function scheduleRequestsUrl(origin: string, filter: RequestFilter): string {
  return `${origin}${provider}/roleAssignmentScheduleRequests?api-version=${apiVersions.scheduleRequests}&$filter=${filter}()`;
}

export function approvalsUrl(origin: string, filter: 'asApprover' | 'asCreatedBy' | 'asTarget'): string {
  return `${origin}${provider}/roleAssignmentApprovals?api-version=${apiVersions.approvals}&$filter=${filter}()`;
}

/** Accepts the full approval id (as in a request's `approvalId`) or its bare GUID. */
export function approvalUrl(origin: string, approvalId: string): string | null {
  const id = approvalId.startsWith('/') ? approvalId : `${provider}/roleAssignmentApprovals/${approvalId}`;
  return isResourceId(id) ? `${origin}${id}?api-version=${apiVersions.approvals}` : null;
}

/** The stage URL is the stage id as returned, never rebuilt from its name. */
export function stageUrl(origin: string, stageId: string): string | null {
  return isResourceId(stageId) ? `${origin}${stageId}?api-version=${apiVersions.approvals}` : null;
}

export function batchUrl(origin: string): string {
  return `${origin}/batch?api-version=${apiVersions.batch}`;
}

/** An ARM approval stage id as ARM returns it (`…/roleAssignmentApprovals/{id}/stages/{id}`, any scope prefix). */
export function isArmStageId(id: string): boolean {
  return isResourceId(id) && /\/providers\/Microsoft\.Authorization\/roleAssignmentApprovals\/[^/]+\/stages\/[^/]+$/i.test(id);
}

/** The approval an ARM stage id belongs to, as ARM names approvals (its full id); null for any other id. */
export function approvalIdOfArmStage(stageId: string): string | null {
  return isArmStageId(stageId) ? stageId.split('/').slice(0, -2).join('/') : null;
}
