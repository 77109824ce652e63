/**
 * The one port every kind of PIM request is reached through (design.md, "Accounts ×
 * services"): Azure resource roles over ARM, Entra ID roles and PIM for Groups over
 * Microsoft Graph. Poller, queue, outbox, "My requests" and the CLI iterate a registry of
 * these (registry.ts) and never ask which kind they hold; what differs per kind lives in
 * the adapters beside this file. Types only, no I/O.
 */
import type { ItemKind } from '../model/state';
import type { ApprovalStage, ArmError, ArmResult, CallMeter, DecideOptions, DecideOutcome, ScheduleRequest } from '../arm/types';
import type { QueueItem } from '../queue/queue-item';
import type { RateBudget } from '../outbox/rate-budget';

/** Whether this account may read the kind now; a transient "no" keeps the kind's last items. */
export type ServiceAccess = { ok: true } | { ok: false; reason: string; transient?: boolean };

/** Who is asking, so a request of my own is shown but never offered to decide. */
export interface ReaderContext {
  accountId: string;
  /** My principal object id, when known: a requester can never approve their own request. */
  principalId: string | null;
  /** Approval GETs in parallel on a first read. */
  concurrency?: number;
}

/**
 * Reads what waits for me at the promised cost: one list call, plus one approval GET per
 * approval not seen before. Keeps that memory between calls; a new reader starts afresh.
 */
export type WaitingReader = (signal: AbortSignal) => Promise<ArmResult<QueueItem[]>>;

/**
 * A request I made, of any kind and status, in the ARM schedule-request shape (one shape
 * for every kind, as the CLI's `pim-approvals/requests@1` has always printed it).
 */
export type OwnRequest = ScheduleRequest & { kind: ItemKind; access?: 'member' | 'owner' };

/** What the CLI needs of a request it looked up by id (an ARM ScheduleRequest fits). */
export interface RequestFacts {
  name: string;
  status: string;
  requestType: string;
}

/** One request the user named by id or prefix. */
export type Resolved =
  | { kind: 'found'; request: RequestFacts; item: QueueItem }
  | { kind: 'not-found' }
  | { kind: 'ambiguous'; candidates: string[] }
  | { kind: 'no-stage'; request: RequestFacts };

export interface ApprovalService {
  readonly kind: ItemKind;
  /** The service in words, for messages ("Microsoft Graph did not answer in time"). */
  readonly serviceName: string;
  /**
   * The connection follows this service: when its read fails the whole check fails (ARM,
   * which every session has). A service that is not essential keeps its last items instead
   * and says so in its status.
   */
  readonly essential: boolean;
  /** Whether its permission can be had (consent given); cheap once the token is cached. */
  access(): Promise<ServiceAccess>;
  /** A fresh reader of what waits for me (see WaitingReader). */
  waiting(context: ReaderContext): WaitingReader;
  /** The requests I made, any status. */
  mine(signal?: AbortSignal): Promise<ArmResult<OwnRequest[]>>;
  /** One request by stage id, request id or a unique prefix (the CLI's IDs). Reads only. */
  find(query: string, context: ReaderContext): Promise<ArmResult<Resolved>>;
  /** Whether an id the user typed is one of this service's stage ids (so only it is asked). */
  ownsStageId(id: string): boolean;
  /** `meter`: charged per HTTP attempt (the outbox's re-check before a write). */
  getStage(stageId: string, signal?: AbortSignal, meter?: CallMeter): Promise<ArmResult<ApprovalStage>>;
  /** Read, write, read back (core/net/decide-flow.ts); conflict and expiry are outcomes; `options.meter` is charged per call made. */
  decide(stageId: string, result: 'Approve' | 'Deny', justification: string, signal?: AbortSignal, options?: DecideOptions): Promise<ArmResult<DecideOutcome>>;
  /**
   * Who the signed-in user is, asked of the service itself, for the own-request rule when
   * the caller cannot tell (a CLI token that carries no `oid`). Absent where the service
   * cannot say.
   */
  whoAmI?(signal?: AbortSignal): Promise<{ ok: true; id: string } | { ok: false; error: ArmError }>;
  /**
   * The rate budget this service's calls draw from, where it has its own (Graph's is apart
   * from ARM's: different limits, different buckets). Absent: the caller's shared budget.
   */
  readonly budgets?: { reads: RateBudget; writes: RateBudget };
  /** Why a read failed, in words a person can act on (a 403 from Graph means consent). */
  problem(error: Pick<ArmError, 'status' | 'code' | 'message'>): string;
}

/** A kind this session cannot reach at all, and why (no Microsoft Graph in a custom-endpoint session). */
export interface UnavailableKind {
  kind: ItemKind;
  reason: string;
}
