/**
 * The in-process test controls (SimControl): moving time, creating requests of any PIM kind,
 * letting another approver win, reading the call log and the exactly-once oracle. The HTTP
 * control channel (control.ts) exposes the same powers. Ids returned are bare GUIDs (the
 * {approvalId}/{stageId} URL parameters of ARM and Graph alike); inputs accept a bare GUID
 * or a full ARM id.
 */
import { stageJson } from './arm-json';
import { stepJson } from './graph-json';
import type { CallLog, CallLogEntry } from './call-log';
import type { Directory } from './directory';
import type { KnobPatch, Knobs } from './knobs';
import type { GroupAccess, RequestKind } from './model';
import type { Rng } from './rng';
import { decide } from './rules';
import { requestFromSpec } from './scenario-loader';
import type { Tenant } from './state';

export interface CreateRequestInput {
  /** Default azureResource (ARM); entraRole and group are served over Graph. */
  kind?: RequestKind;
  /** Group requests: member (default) or owner. */
  access?: GroupAccess;
  /** Group requests: group key or display name (default "Finance Admins"). */
  group?: string;
  requester?: string;
  approvers?: string[];
  /** azureResource: an ARM role (default Contributor); entraRole: a directory role (default User Administrator); ignored for groups. */
  role?: string;
  /** azureResource only (default prod); Entra ID role requests target the directory "/". */
  scope?: string;
  justification?: string;
  requestType?: string;
  createdOn?: string;
  /** A scheduled start (ISO); default: when it is approved (the request's createdOn). */
  startOn?: string;
  duration?: string;
  ticketNumber?: string;
  ticketSystem?: string;
  stages?: number;
}

export interface SimControl {
  /** Moves the sim clock (a VirtualClock advances; any other clock gets an offset) and applies expiry. */
  advance(ms: number): Promise<void>;
  /** Re-evaluates expiry against the clock. */
  expireNow(): void;
  createRequest(input: CreateRequestInput): { requestId: string; approvalId: string; stageIds: string[] };
  /** Another approver decides (through the same rules as HTTP); throws when the rules refuse. */
  decideAs(principalKey: string, stageId: string, result: 'Approve' | 'Deny', justification?: string): void;
  callLog(): CallLogEntry[];
  clearLog(): void;
  setKnobs(k: KnobPatch): void;
  /** Writes that changed a stage's reviewResult, per stage id — the exactly-once oracle for the outbox crash tests. */
  appliedDecisions(): { stageId: string; by: string; result: string; at: number }[];
  /**
   * Revokes the principal's tokens, as a password reset or an admin's "revoke sessions" does:
   * every call with them answers 401 from now on. New tokens take their place in the
   * simulator's `tokens`/`graphTokens`, so a session made afterwards (signing in again) works.
   */
  revokeTokens(principalKey: string): void;
  /** The stage's current JSON as `me` sees it — ARM's for Azure resource requests, Graph's step for
   * Entra ID role and group requests — for assertions; undefined for an unknown id. */
  stage(stageId: string): unknown;
}

export interface SimControlDeps {
  tenant: Tenant;
  directory: Directory;
  log: CallLog;
  idRng: Rng;
  now: () => number;
  knobs: () => Knobs;
  setKnobs: (k: KnobPatch) => void;
  /** Moves the clock; resolves once sleepers on a virtual clock have run. */
  moveClock: (ms: number) => Promise<void>;
  /** Revokes a principal's tokens and issues new ones; throws for an unknown key. */
  revokeTokens: (principalKey: string) => void;
}

export function createSimControl(deps: SimControlDeps): SimControl {
  const { tenant } = deps;
  return {
    async advance(ms) {
      if (!(ms >= 0)) throw new Error(`advance needs ms >= 0, got ${ms}`);
      await deps.moveClock(ms);
      tenant.expire(deps.now());
    },
    expireNow() {
      tenant.expire(deps.now());
    },
    createRequest(input) {
      const stages = input.stages ?? 1;
      if (!(Number.isInteger(stages) && stages >= 1)) throw new Error('createRequest needs stages >= 1');
      const rec = requestFromSpec(
        { tenant, directory: deps.directory, rng: deps.idRng, now: deps.now() },
        {
          ...input,
          stages,
          ...(input.createdOn === undefined ? { minutesAgo: 0 } : {}),
        },
      );
      tenant.addRequest(rec);
      tenant.expire(deps.now());
      return { requestId: rec.name, approvalId: rec.approvalId ?? '', stageIds: rec.stages.map((s) => s.id) };
    },
    decideAs(principalKey, stageId, result, justification = '') {
      const outcome = decide(tenant, deps.knobs(), { principalKey, stageId, result, justification, now: deps.now() });
      if (!outcome.ok) throw new Error(`decideAs refused (${outcome.error.status} ${outcome.error.code}): ${outcome.error.message}`);
    },
    callLog: () => deps.log.list(),
    clearLog: () => deps.log.clear(),
    setKnobs: (k) => deps.setKnobs(k),
    appliedDecisions: () => tenant.applied.map((d) => ({ ...d })),
    revokeTokens: (key) => deps.revokeTokens(key),
    stage(stageId) {
      tenant.expire(deps.now());
      const found = tenant.stage(stageId);
      if (!found) return undefined;
      return found.request.kind === 'azureResource' ? stageJson(tenant, found.request, found.stage, 'me', '', false) : stepJson(tenant, found.stage, 'me');
    },
  };
}
