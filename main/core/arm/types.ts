/**
 * The ARM client's public shapes: what callers (queue, poller, outbox, CLI) may rely on.
 * Parsed from ARM JSON with zod in the client; unknown enum values are kept as strings.
 * This file holds types only, no I/O.
 */
import type { Approval, ApprovalStage, ArmResult, CallMeter, DecideOptions, DecideOutcome, NamedResource, Principal } from '../net/types';
import type { ArmTenant } from './tenants';

// The shapes shared with every service live in core/net; ARM's own callers keep importing them from here.
export type { Approval, ApprovalStage, ArmError, ArmResult, CallMeta, CallMeter, Cloud, DecideOptions, DecideOutcome, NamedResource, Principal } from '../net/types';

/** One `roleAssignmentScheduleRequests` item, flattened to what the app uses. */
export interface ScheduleRequest {
  /** Full ARM id of the schedule request. */
  id: string;
  name: string;
  status: string; // PendingApproval, Granted, … (open set)
  requestType: string; // SelfActivate, SelfExtend, … (open set)
  approvalId: string | null;
  requestorId: string | null;
  principal: Principal | null;
  roleDefinition: NamedResource | null;
  scope: NamedResource | null;
  justification: string | null;
  ticketNumber: string | null;
  ticketSystem: string | null;
  createdOn: string | null;
  startDateTime: string | null;
  /** ISO 8601 duration like "PT8H", or null when not bounded by a duration. */
  duration: string | null;
  expirationType: string | null;
}

export type RequestFilter = 'asApprover' | 'asRequestor' | 'asTarget';

/** The calls the rest of the app makes; tests may pass the real client built on a loopback simulator. */
export interface ArmApi {
  /** `meter` on every read: charged per HTTP attempt, each page and each retry included. */
  listScheduleRequests(filter: RequestFilter, signal?: AbortSignal, meter?: CallMeter): Promise<ArmResult<ScheduleRequest[]>>;
  listApprovals(filter: 'asApprover' | 'asCreatedBy' | 'asTarget', signal?: AbortSignal, meter?: CallMeter): Promise<ArmResult<Approval[]>>;
  getApproval(approvalId: string, signal?: AbortSignal, meter?: CallMeter): Promise<ArmResult<Approval>>;
  /** `meter`: charged per attempt (the outbox's re-check before a write). */
  getStage(stageId: string, signal?: AbortSignal, meter?: CallMeter): Promise<ArmResult<ApprovalStage>>;
  /**
   * Sends the decision (PUT nested; on 400 PATCH flat; last the batch endpoint — see
   * pim-api.md), then GETs the stage to confirm, with backoff. Conflict and expiry are
   * outcomes, not errors; a write that may still land while the stage looks open is an
   * error marked writeMayBeInFlight; `options.beforeWrite` is asked before every write;
   * `options.meter` is charged for every call made, each body form tried included.
   */
  decide(stageId: string, result: 'Approve' | 'Deny', justification: string, signal?: AbortSignal, options?: DecideOptions): Promise<ArmResult<DecideOutcome>>;
  /** The tenants the signed-in user can reach (GET /tenants, paged); absent on clients that cannot list them. */
  listTenants?(signal?: AbortSignal): Promise<ArmResult<ArmTenant[]>>;
}
