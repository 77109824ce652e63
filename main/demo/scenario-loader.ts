/**
 * Scenario loading and expansion: the bundled scenario files (imported statically so
 * esbuild bundles them; never read from disk), and turning request specs (from a scenario,
 * the generator, or SimControl.createRequest) into tenant records. Owns no server state.
 */
import busy from './scenarios/busy.json';
import expiring from './scenarios/expiring.json';
import fabrikam from './scenarios/fabrikam.json';
import hostile from './scenarios/hostile.json';
import mixed from './scenarios/mixed.json';
import multistage from './scenarios/multistage.json';
import quiet from './scenarios/quiet.json';
import { DEFAULT_PRINCIPALS, type NamedRef } from './catalog';
import { Directory } from './directory';
import { DIRECTORY_SCOPE } from './graph-catalog';
import type { GroupAccess, RequestKind, RequestRec, StageRec } from './model';
import { guidFrom, pick, type Rng } from './rng';
import { ScenarioSchema, type RequestSpec, type Scenario, type StageSpec } from './scenario-schema';
import type { Tenant } from './state';

export type { Scenario, RequestSpec } from './scenario-schema';

const BUNDLED: Record<string, unknown> = { quiet, busy, multistage, hostile, expiring, mixed, fabrikam };

export const SCENARIO_NAMES = Object.keys(BUNDLED);

/** Parses a bundled scenario by name; throws for an unknown name (a programmer mistake). */
export function loadScenario(name: string): Scenario {
  const raw = BUNDLED[name];
  if (raw === undefined) throw new Error(`unknown scenario '${name}'; bundled: ${SCENARIO_NAMES.join(', ')}`);
  return ScenarioSchema.parse(raw);
}

const MINUTE = 60_000;
export const DEFAULT_APPROVERS = ['me', 'approver2'];

/** Everything a request spec needs to become records: where ids and names come from. */
export interface Expander {
  tenant: Tenant;
  directory: Directory;
  rng: Rng;
  now: number;
}

/** Where a request of each kind points: ARM scope + role, the directory + a directory role, or a group (both). */
function target(x: Expander, spec: RequestSpec, kind: RequestKind): { scope: NamedRef; role: NamedRef; access: GroupAccess | null } {
  if (kind !== 'group' && (spec.access !== undefined || spec.group !== undefined)) throw new Error('access and group apply to group requests only');
  if (kind === 'entraRole') return { scope: { ...DIRECTORY_SCOPE }, role: x.directory.directoryRole(spec.role ?? 'User Administrator'), access: null };
  if (kind === 'group') {
    const group = x.directory.group(spec.group ?? 'finance');
    return { scope: group, role: { ...group }, access: spec.access ?? 'member' };
  }
  const scope = x.directory.scope(spec.scope ?? 'prod');
  return { scope, role: x.directory.role(spec.role ?? 'Contributor', scope), access: null };
}

export function requestFromSpec(x: Expander, spec: RequestSpec): RequestRec {
  const requester = spec.requester ?? 'requester';
  const approvers = spec.approvers ?? DEFAULT_APPROVERS;
  const kind = spec.kind ?? 'azureResource';
  const { scope, role, access } = target(x, spec, kind);
  const createdOn = spec.createdOn ? Date.parse(spec.createdOn) : x.now - (spec.minutesAgo ?? 5) * MINUTE;
  if (Number.isNaN(createdOn)) throw new Error(`invalid createdOn '${spec.createdOn}'`);
  const stageSpecs: StageSpec[] = typeof spec.stages === 'number' ? Array.from({ length: spec.stages }, () => ({})) : (spec.stages ?? [{}]);
  const hasApproval = spec.approvalId !== null && stageSpecs.length > 0;
  const status = spec.status ?? (hasApproval ? 'PendingApproval' : 'Provisioned');
  const pending = status === 'PendingApproval';
  const approvalId = hasApproval ? (spec.approvalId ?? guidFrom(x.rng)) : null;

  let activeGiven = false;
  const stages: StageRec[] = !hasApproval
    ? []
    : stageSpecs.map((s, i) => {
        const decided = s.reviewResult !== undefined && s.reviewResult !== 'NotReviewed';
        // Serial stages: the first undecided stage of a pending request is the active one.
        let stageStatus = s.status;
        if (stageStatus === undefined) {
          if (decided || !pending) stageStatus = 'Completed';
          else stageStatus = activeGiven ? 'NotStarted' : 'InProgress';
        }
        if (stageStatus === 'InProgress') activeGiven = true;
        return {
          id: s.id ?? guidFrom(x.rng),
          embeddedName: s.name ?? guidFrom(x.rng),
          displayName: s.displayName ?? (stageSpecs.length > 1 ? `Approval stage ${i + 1}` : 'Approval stage'),
          approvers: s.approvers ?? approvers,
          status: stageStatus,
          reviewResult: s.reviewResult ?? 'NotReviewed',
          reviewedBy: s.reviewedBy ?? null,
          reviewedAt: s.reviewedBy ? x.now - (s.reviewedMinutesAgo ?? 1) * MINUTE : null,
          justification: s.justification ?? '',
        };
      });

  const name = spec.name ?? guidFrom(x.rng);
  return {
    name,
    kind,
    access,
    scope,
    role,
    target: spec.target ?? requester,
    requester,
    requestType: spec.requestType ?? 'SelfActivate',
    status,
    justification: spec.justification === undefined ? 'Needed for planned maintenance' : spec.justification,
    ticketNumber: spec.ticketNumber ?? null,
    ticketSystem: spec.ticketSystem ?? null,
    createdOn,
    startOn: spec.startOn === undefined ? createdOn : startOf(spec.startOn),
    expirationType: spec.expirationType ?? 'AfterDuration',
    duration: spec.duration === undefined ? 'PT8H' : spec.duration,
    endDateTime: null,
    condition: spec.condition ?? null,
    conditionVersion: spec.conditionVersion ?? null,
    targetRoleAssignmentScheduleId: spec.targetRoleAssignmentScheduleId === undefined ? guidFrom(x.rng) : spec.targetRoleAssignmentScheduleId,
    linkedRoleEligibilityScheduleId: spec.linkedRoleEligibilityScheduleId ?? null,
    // Graph reads a PIM for Groups approval by its request's id (approval-get), so the record
    // holds it that way and every surface (Graph, control channel, tests) agrees. The drawn id
    // is still drawn above, so seeded scenarios keep every other id.
    approvalId: kind === 'group' && approvalId !== null && spec.approvalId === undefined ? name : approvalId,
    stages,
  };
}

/** Expands the scenario's generator into request specs; the same seed gives the same list. */
export function generatedSpecs(scenario: Scenario, rng: Rng): RequestSpec[] {
  const g = scenario.generate;
  if (!g) return [];
  const [minAgo, maxAgo] = g.minutesAgo;
  return Array.from({ length: g.count }, (_, i) => ({
    requester: pick(rng, g.requesters),
    approvers: g.approvers,
    role: pick(rng, g.roles),
    scope: pick(rng, g.scopes),
    justification: pick(rng, g.justifications),
    requestType: g.requestTypes ? pick(rng, g.requestTypes) : 'SelfActivate',
    duration: g.durations ? pick(rng, g.durations) : 'PT8H',
    minutesAgo: Math.round(minAgo + rng() * (maxAgo - minAgo)),
    ticketNumber: g.ticketEvery && i % g.ticketEvery === 0 ? `INC${String(100000 + i).padStart(7, '0')}` : null,
    ticketSystem: g.ticketEvery && i % g.ticketEvery === 0 ? 'ServiceNow' : null,
  }));
}

/** Loads principals and requests of a scenario into an empty tenant, and returns its directory. */
export function applyScenario(tenant: Tenant, scenario: Scenario, rng: Rng, now: number): Directory {
  for (const [key, info] of Object.entries(DEFAULT_PRINCIPALS)) tenant.addPrincipal(key, info);
  for (const [key, p] of Object.entries(scenario.principals ?? {})) {
    tenant.addPrincipal(key, { id: p.id ?? guidFrom(rng), displayName: p.displayName, upn: p.upn, type: p.type ?? 'User' });
  }
  const directory = new Directory(scenario.roles, scenario.scopes, scenario.directoryRoles, scenario.groups);
  const x: Expander = { tenant, directory, rng, now };
  for (const spec of [...(scenario.requests ?? []), ...generatedSpecs(scenario, rng)]) tenant.addRequest(requestFromSpec(x, spec));
  tenant.expire(now);
  return directory;
}

/** A scenario's scheduled start: an ISO time, refused when unreadable (as createdOn is). */
function startOf(iso: string): number {
  const at = Date.parse(iso);
  if (Number.isNaN(at)) throw new Error(`invalid startOn '${iso}'`);
  return at;
}
