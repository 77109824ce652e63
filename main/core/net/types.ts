/**
 * The shapes every service shares (ARM and Microsoft Graph alike): one HTTP exchange's trace
 * facts, errors as values, the approval stage model, and what became of a decision. The
 * adapters map their service's JSON onto these; the outbox and the queue rely on nothing else.
 * Types only, no I/O.
 */

/** Which Azure cloud: its hosts and token scopes differ (clouds.ts). */
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

/**
 * A rate budget charged inside the HTTP layer: one token per attempt actually sent (a GET
 * the client retries is charged again), reads and writes apart, and told of a 429 so
 * everyone on that service's budget waits. Built over two RateBudgets (outbox/rate-budget.ts).
 */
export interface CallMeter {
  /** Waits for and takes one token for one attempt; rejects when the signal aborts. */
  charge(operation: 'read' | 'write', signal?: AbortSignal): Promise<void>;
  /** The service answered 429 (Retry-After in ms when it said one). */
  throttled(retryAfterMs: number | undefined): void;
}

/** What a caller adds to one decision. */
export interface DecideOptions {
  /**
   * Asked immediately before every write (each body form); false means "you may no longer
   * write" (the outbox lost its lock): nothing is written and the result is a 'fenced' error.
   */
  beforeWrite?: () => Promise<boolean>;
  /**
   * The token every request of this one decision carries (the stepped-up token after a
   * claims challenge); the client's own token source otherwise. Used for this call only,
   * never kept on the client, so concurrent decisions cannot swap each other's token.
   */
  accessToken?: string;
  /** Charged for every call this decision makes (reads, each body form's write, confirming reads). */
  meter?: CallMeter;
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
  /** A PIM for Groups group that Graph says can hold Entra ID roles (isAssignableToRole). */
  roleAssignable?: boolean;
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

/** What happened to a decision, as the service finally reports it. */
export type DecideOutcome =
  | { outcome: 'done'; stage: ApprovalStage } // my decision is recorded
  | { outcome: 'conflict'; stage: ApprovalStage } // someone else decided first
  | { outcome: 'expired'; stage: ApprovalStage | null }; // the stage expired or vanished
