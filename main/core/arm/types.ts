/**
 * The ARM client's public shapes: what callers (queue, poller, outbox, CLI) may rely on.
 * Parsed from ARM JSON with zod in the client; unknown enum values are kept as strings.
 * This file holds types only, no I/O.
 */

export type Cloud = 'public' | 'usgov' | 'china';

/** Facts of one HTTP exchange that support needs to trace a call. */
export interface CallMeta {
  status: number;
  clientRequestId: string;
  requestId: string | null;
  correlationId: string | null;
}

export type ArmErrorKind =
  | 'http' // ARM answered with an error status; see status/code/message
  | 'throttled' // 429; retryAfterMs set
  | 'unauthorized' // 401; claims set when ARM asked for a claims challenge
  | 'network' // connection refused, reset, DNS
  | 'timeout'
  | 'parse' // malformed JSON or a body that does not match the schema
  | 'too-large' // body over the size cap
  | 'foreign-link' // a nextLink that points away from the configured ARM origin
  | 'fenced'; // the caller's beforeWrite said no (its outbox lock was lost): nothing was written

export interface ArmError {
  kind: ArmErrorKind;
  /** A sentence a person can act on; never contains a token or a justification. */
  message: string;
  status?: number;
  /** ARM's error code, e.g. "AuthorizationFailed". */
  code?: string;
  retryAfterMs?: number;
  /** From `WWW-Authenticate: Bearer … claims="…"` (base64 or JSON as sent). */
  claims?: string;
  /**
   * A decision was written (or may have been: 202, timeout, 5xx, 409) and the stage does not
   * show it yet. Azure may still apply it, so it must not be written again until the stage
   * settles or the write is long past (pim-api.md: "Writes can be slow").
   */
  writeMayBeInFlight?: boolean;
  meta?: CallMeta;
}

/** What a caller adds to one decision. */
export interface DecideOptions {
  /**
   * Asked immediately before every write (each body form); false means "you may no longer
   * write" (the outbox lost its lock): nothing is written and the result is a 'fenced' error.
   */
  beforeWrite?: () => Promise<boolean>;
}

export type ArmResult<T> = { ok: true; value: T; meta: CallMeta } | { ok: false; error: ArmError };

export interface Principal {
  id: string;
  displayName: string;
  type: string;
  email: string | null;
}

export interface NamedResource {
  id: string;
  displayName: string;
  type: string;
}

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

export interface ApprovalStage {
  /** Full ARM id of the stage, as returned: decisions go to this id. */
  id: string;
  name: string;
  displayName: string | null;
  status: string; // NotStarted, InProgress, Completed, Expired, … (open set)
  reviewResult: string; // Approve, Deny, NotReviewed (open set)
  assignedToMe: boolean;
  reviewedBy: Principal | null;
  reviewedDateTime: string | null;
  justification: string | null;
}

export interface Approval {
  /** Full ARM id: /providers/Microsoft.Authorization/roleAssignmentApprovals/{guid} */
  id: string;
  name: string;
  stages: ApprovalStage[];
}

export type RequestFilter = 'asApprover' | 'asRequestor' | 'asTarget';

/** What happened to a decision, as the service finally reports it. */
export type DecideOutcome =
  | { outcome: 'done'; stage: ApprovalStage } // my decision is recorded
  | { outcome: 'conflict'; stage: ApprovalStage } // someone else decided first
  | { outcome: 'expired'; stage: ApprovalStage | null }; // the stage expired or vanished

/** The calls the rest of the app makes; tests may pass the real client built on a loopback simulator. */
export interface ArmApi {
  listScheduleRequests(filter: RequestFilter, signal?: AbortSignal): Promise<ArmResult<ScheduleRequest[]>>;
  listApprovals(filter: 'asApprover' | 'asCreatedBy' | 'asTarget', signal?: AbortSignal): Promise<ArmResult<Approval[]>>;
  getApproval(approvalId: string, signal?: AbortSignal): Promise<ArmResult<Approval>>;
  getStage(stageId: string, signal?: AbortSignal): Promise<ArmResult<ApprovalStage>>;
  /**
   * Sends the decision (PUT nested; on 400 PATCH flat; last the batch endpoint — see
   * pim-api.md), then GETs the stage to confirm, with backoff. Conflict and expiry are
   * outcomes, not errors; a write that may still land while the stage looks open is an
   * error marked writeMayBeInFlight; `options.beforeWrite` is asked before every write.
   */
  decide(stageId: string, result: 'Approve' | 'Deny', justification: string, signal?: AbortSignal, options?: DecideOptions): Promise<ArmResult<DecideOutcome>>;
}
