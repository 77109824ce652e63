/**
 * What an ARM route handler gets: the tenant, current knobs and time, the caller, and the
 * call itself (already authenticated, throttled and fault-checked by the server).
 */
import type { Directory } from '../directory';
import type { DirectoryTenant } from '../directory-tenant';
import type { Knobs } from '../knobs';
import type { RequestRec } from '../model';
import type { Rng } from '../rng';
import type { Tenant } from '../state';
import type { MatchedRoute } from './match';

export interface ArmContext {
  tenant: Tenant;
  directory: Directory;
  knobs: Knobs;
  now: number;
  /** http://127.0.0.1:PORT — for nextLinks. */
  origin: string;
  /** Ids for requests created over HTTP. */
  rng: Rng;
  /** Approvers of requests created through PUT roleAssignmentScheduleRequests. */
  defaultApprovers: string[];
  /** Principal key of the caller. */
  caller: string;
  /** The directories a principal (by key) is in: this tenant first, then those where it is a guest or member too. */
  tenantsOf: (principalKey: string) => DirectoryTenant[];
}

export interface ArmCall {
  method: string;
  pathname: string;
  query: Record<string, string>;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
  route: MatchedRoute;
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** ARM serves Azure resource requests only: Entra ID role and group requests (Graph's) are unknown ids here. */
export function servedByArm(rec: RequestRec | undefined): rec is RequestRec {
  return rec !== undefined && rec.kind === 'azureResource';
}
