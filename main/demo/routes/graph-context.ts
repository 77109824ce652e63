/**
 * What a Graph route handler gets: the tenant, current knobs and time, the caller and the
 * origins it needs (already authenticated, consent-checked, throttled and fault-checked by
 * the server).
 */
import type { Knobs } from '../knobs';
import type { RequestKind } from '../model';
import type { Tenant } from '../state';

/** The PIM kinds Graph serves. */
export type GraphKind = Exclude<RequestKind, 'azureResource'>;

export interface GraphContext {
  tenant: Tenant;
  knobs: Knobs;
  now: number;
  /** The Graph listener's origin, for @odata.context. */
  origin: string;
  /** Where @odata.nextLink points: the listener's origin unless the nextLinkOrigin knob says otherwise. */
  linkOrigin: string;
  /** Principal key of the caller. */
  caller: string;
}

export interface GraphCall {
  method: string;
  pathname: string;
  query: Record<string, string>;
  /** Parsed JSON body; undefined when the request had none. */
  body: unknown;
}
