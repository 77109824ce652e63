/**
 * PIM simulator — a spec-faithful simulated Azure PIM tenant on loopback HTTP.
 *
 * Public API (other modules import only this file):
 *
 *   const sim = await startSimulator({ scenario: 'quiet', clock: new VirtualClock(), knobs: { pageSize: 50 } });
 *   sim.url            // http://127.0.0.1:PORT — configure it as the ARM endpoint
 *   sim.tokens.me      // opaque bearer tokens: me, meMfa, approver2, approver2Mfa, requester, …
 *   sim.principals.me  // { id, displayName, upn } per principal key
 *   sim.sim            // SimControl: advance, expireNow, createRequest, decideAs, callLog,
 *                      // clearLog, setKnobs, appliedDecisions, stage
 *   sim.controlSecret  // for the HTTP control channel under /_sim/ (header x-sim-secret)
 *   await sim.close()  // closes the server and every socket, hung ones included
 *
 * ARM surface: roleAssignmentScheduleRequests (2020-10-01), roleAssignmentApprovals and
 * stages (2021-01-01-preview), tenant-level and `/{scope}/…`, and POST /batch (2020-06-01).
 * Rules: several approvers, serial stages, first approver wins (late → lateDecisionStatus),
 * no self-approval, 24-hour expiry on the sim clock, 403 for stages not assigned to the
 * caller, 404 for unknown ids. Knobs add latency, faults, throttling and tenant quirks.
 * A faulted write that drops or hangs was applied half of the time (the client cannot
 * tell); appliedDecisions() is the truth. Batch items are not logged separately: the
 * batch entry carries the first stage write's stageId/reviewResult.
 *
 * Principal keys: me (default approver), approver2 (another approver), requester,
 * requester2, requester3 (users who ask), automation (a service principal), plus any a
 * scenario adds. Every key K has tokens K and KMfa (the latter passes requireClaimsOnWrite).
 * SimControl ids are bare GUIDs; it accepts bare GUIDs or full ARM ids.
 */
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { systemClock, VirtualClock, type Clock } from '../core/clock';
import { TokenBucket } from './buckets';
import { CallLog } from './call-log';
import { createControlHandler } from './control';
import { DEFAULT_KNOBS, mergeKnobs, type Knobs } from './knobs';
import { seededRng } from './rng';
import { applyScenario, DEFAULT_APPROVERS, loadScenario } from './scenario-loader';
import { createSimServer, type Caller } from './server';
import { createSimControl, type SimControl } from './sim-control';
import { Tenant } from './state';
import type { Scenario } from './scenario-schema';

export type { Knobs } from './knobs';
export type { CallLogEntry } from './call-log';
export type { SimControl, CreateRequestInput } from './sim-control';
export type { Scenario } from './scenario-schema';
export { loadScenario, SCENARIO_NAMES } from './scenario-loader';
export { DEFAULT_KNOBS } from './knobs';

export interface StartOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  /** Only loopback: 127.0.0.1 (default), ::1 or localhost; anything else throws. */
  host?: string;
  /** Bundled scenario name (default 'quiet') or a scenario object. */
  scenario?: string | Scenario;
  /** Default systemClock; pass a VirtualClock for tests. */
  clock?: Clock;
  /** Seeds ids, generated data and the fault sequence (default 1). */
  seed?: number;
  /** Default random. */
  controlSecret?: string;
  knobs?: Partial<Knobs>;
}

export interface RunningSimulator {
  url: string;
  controlSecret: string;
  tokens: { me: string; [principalKey: string]: string };
  principals: Record<string, { id: string; displayName: string; upn: string }>;
  sim: SimControl;
  close(): Promise<void>;
}

const LOOPBACK: Record<string, { bind: string; urlHost: string }> = {
  '127.0.0.1': { bind: '127.0.0.1', urlHost: '127.0.0.1' },
  localhost: { bind: '127.0.0.1', urlHost: '127.0.0.1' },
  '::1': { bind: '::1', urlHost: '[::1]' },
};

export async function startSimulator(opts: StartOptions = {}): Promise<RunningSimulator> {
  const host = opts.host ?? '127.0.0.1';
  const loopback = LOOPBACK[host];
  if (!loopback) throw new Error(`The simulator only listens on loopback (127.0.0.1, ::1, localhost), not '${host}'.`);
  const clock = opts.clock ?? systemClock;
  // Time moved by advance() on a clock we cannot move (the system clock) becomes an offset.
  let offset = 0;
  const now = () => clock.now() + offset;
  const seed = opts.seed ?? 1;
  const idRng = seededRng(seed);
  const faultRng = seededRng(seed ^ 0x5eed);

  const scenario = typeof opts.scenario === 'object' ? opts.scenario : loadScenario(opts.scenario ?? 'quiet');
  const tenant = new Tenant();
  const directory = applyScenario(tenant, scenario, idRng, now());
  const defaultApprovers = scenario.defaultApprovers ?? DEFAULT_APPROVERS;

  let knobs = mergeKnobs(DEFAULT_KNOBS, opts.knobs ?? {});
  let buckets = { read: new TokenBucket(knobs.readBucket.burst, knobs.readBucket.perSecond, now()), write: new TokenBucket(knobs.writeBucket.burst, knobs.writeBucket.perSecond, now()) };
  const setKnobs = (patch: Partial<Knobs>) => {
    knobs = mergeKnobs(knobs, patch);
    // New bucket sizes start full, so a test that changes them gets exactly what it asked for.
    if (patch.readBucket) buckets = { ...buckets, read: new TokenBucket(knobs.readBucket.burst, knobs.readBucket.perSecond, now()) };
    if (patch.writeBucket) buckets = { ...buckets, write: new TokenBucket(knobs.writeBucket.burst, knobs.writeBucket.perSecond, now()) };
  };

  const tokens: { me: string; [principalKey: string]: string } = { me: '' };
  const callers = new Map<string, Caller>();
  const principals: RunningSimulator['principals'] = {};
  for (const key of tenant.principalKeys()) {
    const info = tenant.principal(key);
    if (!info) continue;
    principals[key] = { id: info.id, displayName: info.displayName, upn: info.upn };
    for (const mfa of [false, true]) {
      const token = `sim.${key}${mfa ? '.mfa' : ''}.${randomBytes(16).toString('base64url')}`;
      tokens[mfa ? `${key}Mfa` : key] = token;
      callers.set(token, { key, mfa });
    }
  }

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
      else offset += ms;
    },
  });
  let url = '';
  const { server, close } = createSimServer({
    tenant,
    directory,
    log,
    knobs: () => knobs,
    now,
    buckets: () => buckets,
    faultRng,
    idRng,
    callerForToken: (t) => callers.get(t),
    defaultApprovers,
    origin: () => url,
    control: createControlHandler({ secret: controlSecret, sim, knobs: () => knobs, identities: () => ({ tokens, principals }) }),
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, loopback.bind, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  url = `http://${loopback.urlHost}:${port}`;
  return { url, controlSecret, tokens, principals, sim, close };
}
