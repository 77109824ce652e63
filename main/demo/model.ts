/**
 * The simulator's internal records: what a schedule request, its approval and its stages
 * are in memory, for every PIM kind. ARM JSON is produced from these by arm-json.ts and
 * Graph JSON by graph-json.ts; no behaviour here.
 */
import type { NamedRef } from './catalog';

export const APPROVAL_WINDOW_MS = 24 * 60 * 60 * 1000;

export interface StageRec {
  /** Bare GUID: the {stageId} URL parameter. */
  id: string;
  /** Name shown when the stage is embedded in its approval. It differs from `id` there, as in
   * Microsoft's examples, so clients that rebuild URLs from `name` break here first. */
  embeddedName: string;
  displayName: string;
  /** Principal keys that may decide this stage. */
  approvers: string[];
  status: string;
  reviewResult: string;
  /** Principal key of the reviewer. */
  reviewedBy: string | null;
  reviewedAt: number | null;
  justification: string;
}

/** Which API serves a request: ARM (Azure resources) or Microsoft Graph (Entra ID roles, PIM for Groups). */
export type RequestKind = 'azureResource' | 'entraRole' | 'group';

/** What a PIM for Groups request grants: membership or ownership of the group. */
export type GroupAccess = 'member' | 'owner';

export interface RequestRec {
  /** Bare GUID: the request's name. */
  name: string;
  kind: RequestKind;
  /** Group requests only; null for the other kinds. */
  access: GroupAccess | null;
  /** azureResource: the ARM scope; entraRole: the directory ("/", "Directory"); group: the group. */
  scope: NamedRef;
  /** azureResource: the ARM role definition; entraRole: the directory role (GUID id); group: the group. */
  role: NamedRef;
  /** Principal key the role is for. */
  target: string;
  /** Principal key who asked. */
  requester: string;
  requestType: string;
  status: string;
  justification: string | null;
  ticketNumber: string | null;
  ticketSystem: string | null;
  createdOn: number;
  startOn: number;
  expirationType: string;
  duration: string | null;
  endDateTime: string | null;
  condition: string | null;
  conditionVersion: string | null;
  targetRoleAssignmentScheduleId: string | null;
  linkedRoleEligibilityScheduleId: string | null;
  /** Bare GUID of the approval, null when the request needed none. */
  approvalId: string | null;
  /** Serial stages; empty when there is no approval. */
  stages: StageRec[];
}

export interface AppliedDecision {
  stageId: string;
  by: string;
  result: string;
  at: number;
}
