/**
 * Parsing of the sim CLI's flags into start options and knobs. Pure; cli.ts is the entry
 * point that acts on them.
 */
import type { KnobPatch } from './knobs';
import { SCENARIO_NAMES } from './scenario-loader';

export const USAGE = `Usage: npm run sim -- [options]
  --port N              ARM port (default 0: any free port)
  --graph-port N        Microsoft Graph port (default 0: any free port)
  --host H              127.0.0.1 (default), ::1 or localhost — loopback only
  --scenario NAME       ${SCENARIO_NAMES.join(' | ')} (default quiet; with --world, Contoso's: default mixed)
  --world               the demo world: Contoso and Fabrikam, "me" in both (a guest in Fabrikam)
  --seed N              seed for ids, generated data and faults (default 1)
  --secret S            control secret (default random)
  --latency MS          added to every ARM and Graph response
  --error-rate X        0..1 fraction of ARM and Graph calls that fail (500/503/drop/hang)
  --page-size N         list page size (default 1000)
  --read-burst N --read-rate N    read token bucket (default 250 / 25 per s)
  --write-burst N --write-rate N  write token bucket (default 200 / 10 per s)
  --patch-answers 200|204         answer to a successful stage PUT/PATCH (default 204)
  --late-status 409|400           answer to a late decision (default 409)
  --flat-body-only                accept only PATCH with a flat body
  --require-claims                writes need the MFA token variant (401 claims challenge)
  --graph-burst N --graph-rate N  Graph token bucket (default 250 / 25 per s)
  --no-entra-consent              Graph answers Entra ID role calls 403 PermissionScopeNotGranted
  --no-group-consent              Graph answers PIM for Groups calls 403 PermissionScopeNotGranted
  --next-link-origin URL          list nextLinks point at this (foreign) origin`;

export function num(value: string | undefined, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isFinite(n)) throw new Error(`--${name} needs a number, got '${value}'`);
  return n;
}

export function knobsFromArgs(v: Record<string, string | boolean | undefined>): KnobPatch {
  const s = (k: string) => (typeof v[k] === 'string' ? (v[k] as string) : undefined);
  const knobs: KnobPatch = {};
  const latency = num(s('latency'), 'latency');
  const errorRate = num(s('error-rate'), 'error-rate');
  const pageSize = num(s('page-size'), 'page-size');
  if (latency !== undefined) knobs.latencyMs = latency;
  if (errorRate !== undefined) knobs.errorRate = errorRate;
  if (pageSize !== undefined) knobs.pageSize = pageSize;
  const rb = num(s('read-burst'), 'read-burst');
  const rr = num(s('read-rate'), 'read-rate');
  const wb = num(s('write-burst'), 'write-burst');
  const wr = num(s('write-rate'), 'write-rate');
  if (rb !== undefined || rr !== undefined) knobs.readBucket = { burst: rb ?? 250, perSecond: rr ?? 25 };
  if (wb !== undefined || wr !== undefined) knobs.writeBucket = { burst: wb ?? 200, perSecond: wr ?? 10 };
  const patch = num(s('patch-answers'), 'patch-answers');
  if (patch !== undefined) knobs.patchAnswers = patch === 200 ? 200 : 204;
  const late = num(s('late-status'), 'late-status');
  if (late !== undefined) knobs.lateDecisionStatus = late === 400 ? 400 : 409;
  if (v['flat-body-only'] === true) knobs.flatBodyOnly = true;
  if (v['require-claims'] === true) knobs.requireClaimsOnWrite = true;
  const gb = num(s('graph-burst'), 'graph-burst');
  const gr = num(s('graph-rate'), 'graph-rate');
  if (gb !== undefined || gr !== undefined) knobs.graphBucket = { burst: gb ?? 250, perSecond: gr ?? 25 };
  if (v['no-entra-consent'] === true || v['no-group-consent'] === true) {
    knobs.graphConsent = { entraRole: v['no-entra-consent'] !== true, group: v['no-group-consent'] !== true };
  }
  const nextLinkOrigin = s('next-link-origin');
  if (nextLinkOrigin !== undefined) knobs.nextLinkOrigin = nextLinkOrigin;
  return knobs;
}

