/**
 * The outbox's data: one decision entry and the shapes around it. Types only, no I/O.
 * An entry is what the journal stores and what the history UI and the CLI show, so it
 * carries a summary of the request (names, not just ids) and the user-facing outcome.
 */
export type DecisionResult = 'Approve' | 'Deny';

/**
 * queued → sending → done | conflict | expired | failed; queued → cancelled.
 * A transient error returns `sending` to `queued` with a later `notBefore`.
 */
export type EntryState = 'queued' | 'sending' | 'done' | 'conflict' | 'expired' | 'failed' | 'cancelled';

export const FINAL_STATES: readonly EntryState[] = ['done', 'conflict', 'expired', 'failed', 'cancelled'];

export function isFinal(state: EntryState): boolean {
  return FINAL_STATES.includes(state);
}

/** Names for the history UI; never used to route the decision (the stage id does that). */
export interface RequestSummary {
  role: string;
  scope: string;
  requester: string;
  requesterUpn?: string | null;
  /** ARM id of the schedule request, to link back to it. */
  requestId?: string | null;
  approvalId?: string | null;
  /** ISO time the approval window closes (createdOn + 24 h), when known. */
  expiresAt?: string | null;
  /** PIM for Groups: membership or ownership, so history can say which. */
  access?: 'member' | 'owner';
}

export interface EntryError {
  message: string;
  code?: string;
  status?: number;
  requestId?: string;
}

/** Trace ids of one call, so support can find a decision in Azure's logs. */
export interface AttemptTrace {
  attempt: number;
  clientRequestId: string;
  requestId: string | null;
  at: number;
}

/**
 * Which service decides an entry: ARM for Azure resources, Graph for the other two. The
 * journal owns this set (it is on disk); the IPC contract's ItemKind must stay the same set
 * (entry-schema.ts checks that at compile time).
 */
export const DECISION_KINDS = ['azureResource', 'entraRole', 'group'] as const;
export type DecisionKind = (typeof DECISION_KINDS)[number];

export interface OutboxEntry {
  id: string;
  accountId: string;
  kind: DecisionKind;
  stageId: string;
  request: RequestSummary;
  result: DecisionResult;
  /** Sent to Azure; stored in the journal (0600) but never logged or printed. */
  justification: string;
  createdAt: number;
  updatedAt: number;
  /** Not sent before this time: the undo window at first, then the retry backoff. */
  notBefore: number;
  attempts: number;
  state: EntryState;
  /** The sentence the user sees for a final state, e.g. "Already approved by Grace Hopper". */
  outcomeMessage: string | null;
  /** Who decided the stage when it is final (me, or the approver who won). */
  decidedBy: string | null;
  lastError: EntryError | null;
  requestIds: AttemptTrace[];
  /**
   * Set when a write was sent and Azure may still apply it (202 Accepted, or an answer that
   * did not show the decision yet): until the stage shows it, or this is long past, later
   * attempts only read the stage and never write again. Absent in journals of older versions.
   */
  inFlightSince?: number | null;
  /**
   * Azure's own review time of the stage (`reviewedDateTime`, ISO), kept when the final
   * outcome is recorded so an audit shows Azure's clock, not ours. Absent in journals of
   * older versions; null when Azure gave none (an expired or vanished stage).
   */
  reviewedAt?: string | null;
}

/** What a caller hands to `enqueue`. */
export interface NewDecision {
  accountId: string;
  kind?: DecisionKind;
  stageId: string;
  request: RequestSummary;
  result: DecisionResult;
  justification: string;
}

/**
 * What `enqueue` did with a decision. There is one entry per (account, stage): a second
 * decision on a stage returns the entry that exists (same verb) or is refused (opposite
 * verb). Surfaces word their answer from `entry` (its state and outcome), never from the
 * verb that was asked.
 */
export type Enqueued =
  | { status: 'created'; entry: OutboxEntry }
  | { status: 'existing'; entry: OutboxEntry }
  | { status: 'refused'; entry: OutboxEntry; message: string };

export interface SyncSummary {
  /** Entries this run moved to each final state (ids). */
  done: string[];
  conflict: string[];
  expired: string[];
  failed: string[];
  /** Entries still queued when the run ended (offline, backoff beyond the wait, signed out). */
  pending: string[];
  /** True when the run did not send because the network was unreachable. */
  offline: boolean;
  /** Accounts whose token was refused; their entries wait for a new sign-in. */
  needsSignIn: string[];
  /** 429s seen during the run. */
  throttled: number;
  /** False when another process holds the drain lock (it drains instead), or took it over mid-run. */
  drained: boolean;
  /**
   * Outcomes Azure gave that the journal could not record (disk full), as the entries would
   * have been recorded. On disk each stays `sending`: the next drain re-reads its stage
   * before any write, so nothing is sent twice; until then this is the only record of what
   * Azure answered.
   */
  unsaved: OutboxEntry[];
  /** Why the journal could not be written, when it could not (one short sentence, no paths); the run stopped there. */
  journalError: string | null;
}

export interface OutboxLogger {
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
}
