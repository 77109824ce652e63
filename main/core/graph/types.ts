/**
 * The Microsoft Graph client's public shapes for the two Graph kinds of PIM request
 * (Entra ID roles, PIM for Groups). Stages use the ARM client's ApprovalStage so the queue,
 * the decision flow and the outbox treat every kind alike; a Graph stage's `id` is its
 * Graph path (docs/graph-api.md), which is also where its decision is sent.
 * Types only, no I/O.
 */
import type { Approval, ApprovalStage, ArmError, ArmResult, CallMeter, DecideOptions, DecideOutcome, NamedResource, Principal } from '../net/types';

export type GraphKind = 'entraRole' | 'group';
export const GRAPH_KINDS: readonly GraphKind[] = ['entraRole', 'group'];

/** One pending Graph schedule request, flattened to what the app uses. */
export interface GraphRequest {
  kind: GraphKind;
  id: string;
  status: string; // PendingApproval, Granted, … (open set)
  /** selfActivate, adminAssign, … (open set, Graph's camelCase). */
  action: string;
  approvalId: string | null;
  principal: Principal | null;
  /** Who asked (createdBy.user), for "my own request". */
  createdById: string | null;
  /** Entra ID: the directory role. Groups: the group. */
  role: NamedResource;
  /** Entra ID: the directory scope ("/" = Directory). Groups: the group. */
  scope: NamedResource;
  /** Groups only: membership or ownership; null for Entra ID roles or an unknown value. */
  access: 'member' | 'owner' | null;
  justification: string | null;
  ticketNumber: string | null;
  ticketSystem: string | null;
  createdDateTime: string | null;
  startDateTime: string | null;
  duration: string | null;
}

export type GraphResult<T> = ArmResult<T>;

/** The calls the rest of the app makes; tests use the real client against the simulator. */
export interface GraphApi {
  /** Requests waiting for my approval (filterByCurrentUser(on='approver'), status PendingApproval). */
  listPending(kind: GraphKind, signal?: AbortSignal, meter?: CallMeter): Promise<GraphResult<GraphRequest[]>>;
  /** The approval with its steps (Entra ID) or stages (groups); stage ids are Graph paths. */
  getApproval(kind: GraphKind, approvalId: string, signal?: AbortSignal, meter?: CallMeter): Promise<GraphResult<Approval>>;
  /** `meter`: charged per attempt (the outbox's re-check before a write). */
  getStage(stagePath: string, signal?: AbortSignal, meter?: CallMeter): Promise<GraphResult<ApprovalStage>>;
  /**
   * Requests of `kind` whose principal is the signed-in user, any status
   * (`filterByCurrentUser(on='principal')`): "my own requests", as ARM's asRequestor().
   */
  listMine(kind: GraphKind, signal?: AbortSignal, meter?: CallMeter): Promise<GraphResult<GraphRequest[]>>;
  /**
   * The signed-in user's object id: the `oid` claim of the kind's token, else `GET /me`
   * (Microsoft asks clients not to read Graph tokens; a token it made opaque still answers).
   */
  currentPrincipal(kind: GraphKind, signal?: AbortSignal): Promise<{ ok: true; id: string; from: 'token' | 'me' } | { ok: false; error: ArmError }>;
  /**
   * GET the stage, PATCH it (204), GET to confirm (with backoff). A 409 is checked against
   * the stage: decided by someone else → conflict; still open → an error marked
   * writeMayBeInFlight. Conflict and expiry are outcomes.
   */
  decide(stagePath: string, result: 'Approve' | 'Deny', justification: string, signal?: AbortSignal, options?: DecideOptions): Promise<GraphResult<DecideOutcome>>;
}
