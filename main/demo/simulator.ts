/**
 * PIM simulator — a spec-faithful simulated Azure PIM tenant on loopback HTTP: Azure resource
 * roles over ARM, Entra ID roles and PIM for Groups over Microsoft Graph.
 *
 * Public API (other modules import only this file):
 *
 *   const sim = await startSimulator({ scenario: 'quiet', clock: new VirtualClock(), knobs: { pageSize: 50 } });
 *   sim.url            // http://127.0.0.1:PORT — configure it as the ARM endpoint
 *   sim.graphUrl       // http://127.0.0.1:PORT2 — same host, own port: the Graph endpoint
 *   sim.tokens.me      // ARM bearer tokens: me, meMfa, approver2, approver2Mfa, requester, …
 *   sim.graphTokens.me // Graph bearer tokens, one per principal key (no Mfa variants)
 *   sim.principals.me  // { id, displayName, upn } per principal key
 *   sim.tenantId       // the simulated tenant's id: every token's `tid` claim
 *   sim.tenant         // { id, displayName, defaultDomain, domains, countryCode } (default: Contoso)
 *   sim.sim            // SimControl: advance, expireNow, createRequest (kind, access, group), decideAs,
 *                      // callLog, clearLog, setKnobs, appliedDecisions, stage, revokeTokens
 *   sim.controlSecret  // for the HTTP control channel under /_sim/ on sim.url (header x-sim-secret)
 *   await sim.close()  // closes both listeners and every socket, hung ones included
 *
 * ARM surface (sim.url): roleAssignmentScheduleRequests (2020-10-01), roleAssignmentApprovals
 * and stages (2021-01-01-preview), tenant-level and `/{scope}/…`, POST /batch (2020-06-01), and
 * GET /tenants (2022-12-01: this tenant, plus the `otherTenants` a principal is also in).
 * It serves Azure resource requests only; Entra ID role and group requests are unknown ids there.
 *
 * Graph surface (sim.graphUrl), exactly as docs/graph-api.md: Entra ID roles —
 * GET /v1.0|beta/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='approver'),
 * GET /beta/roleManagement/directory/roleAssignmentApprovals/{id}[/steps/{id}], PATCH …/steps/{id};
 * PIM for Groups — GET /v1.0|beta/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/
 * filterByCurrentUser(on='approver'), GET …/group/assignmentApprovals/{id}[/stages/{id}], PATCH …/stages/{id}.
 * Lists honour $filter=status eq '…' and page through @odata.nextLink with $skiptoken; PATCH
 * answers 204. Graph errors carry innerError and request-id/client-request-id; ARM tokens get
 * 401 there (and Graph tokens 401 on ARM). Codes: see graph-errors.ts. Call-log routes are
 * prefixed `graph.`.
 *
 * Rules (both surfaces, one rule set): several approvers, serial stages, first approver wins
 * (ARM: late → lateDecisionStatus; Graph: 409 Conflict), no self-approval, 24-hour expiry on
 * the sim clock, 403 for stages not assigned to the caller, 404 for unknown ids. Knobs add
 * latency, faults, throttling (ARM read/write buckets, Graph's graphBucket), tenant quirks,
 * per-kind Graph consent (graphConsent: { entraRole, group } — false gives 403
 * PermissionScopeNotGranted) and hostile nextLinks (nextLinkOrigin). A faulted write that
 * drops or hangs was applied half of the time (the client cannot tell); appliedDecisions()
 * is the truth for ARM and Graph decisions alike. Batch items are not logged separately: the
 * batch entry carries the first stage write's stageId/reviewResult.
 *
 * Principal keys: me (default approver), approver2 (another approver), requester,
 * requester2, requester3 (users who ask), automation (a service principal), plus any a
 * scenario adds. Every key K has ARM tokens K and KMfa (the latter passes
 * requireClaimsOnWrite) and a Graph token K. Tokens are JWT-shaped (see tokens.ts): their
 * payload names the principal (`oid`) and the tenant (`tid`), as Entra ID's do; the call log
 * records both for every call (never the token). Tokens are this instance's own: another
 * simulator's tokens get 401 here. SimControl ids are bare GUIDs; it accepts bare GUIDs or
 * full ARM ids.
 *
 * Several tenants: startDemoWorld() (demo-world.ts, exported here) starts one simulator per
 * tenant, Contoso and Fabrikam, "me" in both (a guest in Fabrikam, its own oid there); one
 * clock, one control secret, and a `tenant` field on control calls to pick one.
 * demo-session.ts turns a tenant into the app's session (demoSession, nextDemoTenant,
 * addDemoAccount).
 */
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { systemClock, VirtualClock, type Clock } from '../core/clock';
import { createArmSurface } from './arm-surface';
import { TokenBucket } from './buckets';
import { CallLog } from './call-log';
import { createControlHandler, type ControlTarget } from './control';
import { createGraphSurface } from './graph-surface';
import { DEFAULT_KNOBS, mergeKnobs, type KnobPatch } from './knobs';
import { seededRng } from './rng';
import { applyScenario, DEFAULT_APPROVERS, loadScenario } from './scenario-loader';
import { createSimServer, type SimServer } from './server';
import { createSimControl, type SimControl } from './sim-control';
import { resolveDirectoryTenant, type DirectoryTenant } from './directory-tenant';
import { Tenant } from './state';
import { TokenRegistry } from './tokens';
import type { Scenario } from './scenario-schema';

export type { Knobs, KnobPatch } from './knobs';
export type { CallLogEntry } from './call-log';
export type { SimControl, CreateRequestInput } from './sim-control';
export type { Scenario } from './scenario-schema';
export type { RequestKind, GroupAccess } from './model';
export type { DirectoryTenant } from './directory-tenant';
export { loadScenario, SCENARIO_NAMES } from './scenario-loader';
export { DEFAULT_KNOBS } from './knobs';

export interface StartOptions {
  /** 0 (default) picks a free port for the ARM listener. */
  port?: number;
  /** 0 (default) picks a free port for the Graph listener. */
  graphPort?: number;
  /** Only loopback: 127.0.0.1 (default), ::1 or localhost; anything else throws. */
  host?: string;
  /** Bundled scenario name (default 'quiet') or a scenario object. */
  scenario?: string | Scenario;
  /** Default systemClock; pass a VirtualClock for tests. */
  clock?: Clock;
  /** Seeds ids, generated data and the fault sequences (default 1). */
  seed?: number;
  /** Default random. */
  controlSecret?: string;
  knobs?: KnobPatch;
  /** Who this tenant is as a directory; default the scenario's `tenant`, else Contoso, its id derived from the seed. */
  tenant?: Partial<DirectoryTenant>;
  /** Further directories a principal (by key) is in, as a guest or member, listed by GET /tenants
   * after this one. Default: none. */
  otherTenants?: Record<string, DirectoryTenant[]>;
  /** Time moved by advance() on a clock that cannot be moved (the system clock). The demo world
   * hands one object to all its tenants, so advancing one moves them all. */
  timeShift?: { ms: number };
  /** The demo world's tenants, for the control channel's `tenant` field (this one included). */
  world?: () => readonly RunningSimulator[];
}

export interface RunningSimulator {
  /** ARM endpoint. */
  url: string;
  /** Graph endpoint: same host, its own port. */
  graphUrl: string;
  controlSecret: string;
  /** ARM tokens: K and KMfa per principal key K. */
  tokens: { me: string; [principalKey: string]: string };
  /** Graph tokens: K per principal key K; refused by the ARM listener, as ARM tokens are by Graph's. */
  graphTokens: { me: string; [principalKey: string]: string };
  principals: Record<string, { id: string; displayName: string; upn: string }>;
  /** The tenant id every token carries as `tid` (derived from the seed unless given; stable across runs). */
  tenantId: string;
  /** This tenant as a directory: id (= tenantId), display name, domains. */
  tenant: DirectoryTenant;
  /** What the control channel drives for this tenant (the demo world routes between these). */
  control: ControlTarget;
  sim: SimControl;
  close(): Promise<void>;
}

const LOOPBACK: Record<string, { bind: string; urlHost: string }> = {
  '127.0.0.1': { bind: '127.0.0.1', urlHost: '127.0.0.1' },
  localhost: { bind: '127.0.0.1', urlHost: '127.0.0.1' },
  '::1': { bind: '::1', urlHost: '[::1]' },
};

function listen(server: Server, port: number, bind: string): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, bind, () => {
      server.off('error', reject);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

export async function startSimulator(opts: StartOptions = {}): Promise<RunningSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const loopback = LOOPBACK[host];
  if (!loopback) throw new Error(`The simulator only listens on loopback (127.0.0.1, ::1, localhost), not '${host}'.`);
  const clock = opts.clock ?? systemClock;
  // Time moved by advance() on a clock we cannot move (the system clock) becomes an offset.
  const shift = opts.timeShift ?? { ms: 0 };
  const now = () => clock.now() + shift.ms;
  const seed = opts.seed ?? 1;
  const idRng = seededRng(seed);
  const faultRng = seededRng(seed ^ 0x5eed);
  const graphFaultRng = seededRng(seed ^ 0x6a4f);

  const scenario = typeof opts.scenario === 'object' ? opts.scenario : loadScenario(opts.scenario ?? 'quiet');
  const tenant = new Tenant();
  const directory = applyScenario(tenant, scenario, idRng, now());
  const defaultApprovers = scenario.defaultApprovers ?? DEFAULT_APPROVERS;

  let knobs = mergeKnobs(DEFAULT_KNOBS, opts.knobs ?? {});
  const bucket = (b: { burst: number; perSecond: number }) => new TokenBucket(b.burst, b.perSecond, now());
  let buckets = { read: bucket(knobs.readBucket), write: bucket(knobs.writeBucket), graph: bucket(knobs.graphBucket) };
  const setKnobs = (patch: KnobPatch) => {
    knobs = mergeKnobs(knobs, patch);
    // New bucket sizes start full, so a test that changes them gets exactly what it asked for.
    if (patch.readBucket) buckets = { ...buckets, read: bucket(knobs.readBucket) };
    if (patch.writeBucket) buckets = { ...buckets, write: bucket(knobs.writeBucket) };
    if (patch.graphBucket) buckets = { ...buckets, graph: bucket(knobs.graphBucket) };
  };

  const registry = new TokenRegistry();
  // Its own derivation, not idRng: drawing from idRng would move every generated id.
  const directoryTenant = resolveDirectoryTenant(seed, opts.tenant, scenario.tenant);
  const tenantId = directoryTenant.id;
  const otherTenants = opts.otherTenants ?? {};
  const tenantsOf = (key: string): DirectoryTenant[] => [directoryTenant, ...(otherTenants[key] ?? [])];
  const tokens: RunningSimulator['tokens'] = { me: '' };
  const graphTokens: RunningSimulator['graphTokens'] = { me: '' };
  const principals: RunningSimulator['principals'] = {};
  /** Issues K, KMfa and Graph K into the token maps (in place: they are what callers read). */
  const issueTokens = (key: string): void => {
    const info = tenant.principal(key);
    if (!info) throw new Error(`The simulator has no principal "${key}"`);
    principals[key] = { id: info.id, displayName: info.displayName, upn: info.upn };
    const identity = { oid: info.id, tid: tenantId, upn: info.upn, name: info.displayName };
    tokens[key] = registry.issue('arm', { key, mfa: false }, identity);
    tokens[`${key}Mfa`] = registry.issue('arm', { key, mfa: true }, identity);
    graphTokens[key] = registry.issue('graph', { key, mfa: false }, identity);
  };
  for (const key of tenant.principalKeys()) issueTokens(key);

  const log = new CallLog();
  const controlSecret = opts.controlSecret ?? randomBytes(24).toString('base64url');
  const sim = createSimControl({
    tenant,
    directory,
    log,
    idRng,
    now,
    knobs: () => knobs,
    setKnobs,
    moveClock: async (ms) => {
      if (clock instanceof VirtualClock) await clock.advance(ms);
      else shift.ms += ms;
    },
    revokeTokens: (key) => {
      if (!tenant.principal(key)) throw new Error(`The simulator has no principal "${key}"`);
      registry.revoke(key);
      issueTokens(key);
    },
  });
  let url = '';
  let graphUrl = '';
  const control: ControlTarget = {
    tenantId,
    tenantName: directoryTenant.displayName,
    sim,
    knobs: () => knobs,
    identities: () => ({ url, graphUrl, tokens, graphTokens, principals, tenantId, tenantName: directoryTenant.displayName }),
  };
  const shared = { log, knobs: () => knobs, now, expire: (at: number) => void tenant.expire(at) };
  const arm = createSimServer({
    ...shared,
    faultRng,
    surface: createArmSurface({ tenant, directory, tokens: registry, buckets: () => buckets, idRng, defaultApprovers, origin: () => url, tenantsOf }),
    control: createControlHandler({ ...control, secret: controlSecret, ...(opts.world ? { world: () => (opts.world?.() ?? []).map((t) => t.control) } : {}) }),
  });
  const graph = createSimServer({
    ...shared,
    faultRng: graphFaultRng,
    surface: createGraphSurface({ tenant, tokens: registry, bucket: () => buckets.graph, origin: () => graphUrl }),
  });
  const servers: SimServer[] = [arm, graph];
  const close = async (): Promise<void> => {
    await Promise.all(servers.map((s) => s.close()));
  };

  try {
    url = `http://${loopback.urlHost}:${await listen(arm.server, opts.port ?? 0, loopback.bind)}`;
    graphUrl = `http://${loopback.urlHost}:${await listen(graph.server, opts.graphPort ?? 0, loopback.bind)}`;
  } catch (err) {
    await close();
    throw err;
  }
  return { url, graphUrl, controlSecret, tokens, graphTokens, principals, tenantId, tenant: directoryTenant, control, sim, close };
}

// The demo world is started through this file too: the app loads main/demo only as this
// bundle (scripts/build.mjs). demo-world.ts imports startSimulator back, at call time only.
export { startDemoWorld, DEMO_GUEST_KEY, type DemoWorld, type DemoWorldOptions } from './demo-world';
