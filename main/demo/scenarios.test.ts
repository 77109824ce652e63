// The bundled scenarios load and serve what they promise: quiet's mix, busy's 1,000 pending
// (deterministic per seed), multistage, expiring deadlines, hostile text verbatim, and mixed's
// three PIM kinds over ARM and Graph.
import { afterEach, describe, expect, it } from 'vitest';
import { seededRng } from './rng';
import { DEFAULT_PRINCIPALS } from './catalog';
import { generatedSpecs } from './scenario-loader';
import { loadScenario, SCENARIO_NAMES } from './simulator';
import { APPR_API, APPROVALS, ENTRA_LIST, GROUP_LIST, REQ_API, REQUESTS, at, entraApprovalUrl, groupApprovalUrl, startTestSim, type TestSim } from '../../test/kit/sim-test-kit';

const LIST = `${REQUESTS}?${REQ_API}&$filter=asApprover()`;
let t: TestSim | null = null;
afterEach(async () => {
  await t?.running.close();
  t = null;
});

async function pendingForMe(sim: TestSim): Promise<unknown[]> {
  const res = await sim.call('GET', LIST);
  expect(res.status).toBe(200);
  return (at(res.json, 'value') as unknown[]).filter((v) => at(v, 'properties', 'status') === 'PendingApproval');
}

describe('bundled scenarios', () => {
  it('all parse', () => {
    expect(SCENARIO_NAMES.sort()).toEqual(['busy', 'expiring', 'fabrikam', 'hostile', 'mixed', 'multistage', 'quiet']);
    for (const name of SCENARIO_NAMES) expect(loadScenario(name).name).toBe(name);
    expect(() => loadScenario('nope')).toThrow(/unknown scenario/);
  });

  it('quiet: 3–5 pending for me, one of them my own and one SelfExtend, with realistic names', async () => {
    t = await startTestSim({ scenario: 'quiet' });
    const pending = await pendingForMe(t);
    expect(pending.length).toBeGreaterThanOrEqual(3);
    expect(pending.length).toBeLessThanOrEqual(5);
    const me = t.running.principals['me']?.id;
    expect(pending.filter((v) => at(v, 'properties', 'requestorId') === me)).toHaveLength(1);
    expect(pending.filter((v) => at(v, 'properties', 'requestType') === 'SelfExtend')).toHaveLength(1);
    const roles = pending.map((v) => at(v, 'properties', 'expandedProperties', 'roleDefinition', 'displayName'));
    expect(roles).toContain('Key Vault Administrator');
    for (const v of pending) {
      expect(String(at(v, 'properties', 'approvalId'))).toMatch(/^\/providers\/Microsoft\.Authorization\/roleAssignmentApprovals\/[0-9a-f-]{36}$/);
    }
  });

  it('busy: 1,000 pending for me over HTTP', async () => {
    t = await startTestSim({ scenario: 'busy' });
    expect(await pendingForMe(t)).toHaveLength(1000);
  });

  it('busy: generated from the seed, the same for the same seed and different for another', () => {
    const busy = loadScenario('busy');
    expect(busy.requests ?? []).toHaveLength(0);
    const a = generatedSpecs(busy, seededRng(7));
    expect(a).toHaveLength(1000);
    expect(generatedSpecs(busy, seededRng(7))).toEqual(a);
    expect(generatedSpecs(busy, seededRng(8))).not.toEqual(a);
  });

  it('multistage: serial stages, one waiting on someone else, one on me', async () => {
    t = await startTestSim({ scenario: 'multistage' });
    const res = await t.call('GET', `${APPROVALS}?${APPR_API}&$filter=asApprover()`);
    const approvals = at(res.json, 'value') as unknown[];
    expect(approvals).toHaveLength(3);
    const shapes = approvals.map((a) => (at(a, 'properties', 'stages') as unknown[]).map((s) => `${String(at(s, 'properties', 'status'))}:${String(at(s, 'properties', 'assignedToMe'))}`));
    expect(shapes).toEqual([
      ['InProgress:false', 'NotStarted:true'],
      ['InProgress:true', 'NotStarted:false'],
      ['Completed:false', 'InProgress:true', 'NotStarted:false'],
    ]);
    // Embedded stage names differ from the id's last segment, as in Microsoft's examples.
    const first = at(approvals[0], 'properties', 'stages', 0);
    expect(String(at(first, 'id')).endsWith(String(at(first, 'name')))).toBe(false);
  });

  it('hostile: serves markup, bidi overrides, emoji, 500-char names and unknown enums verbatim', async () => {
    t = await startTestSim({ scenario: 'hostile' });
    const scenario = loadScenario('hostile');
    const res = await t.call('GET', LIST);
    expect(res.headers.get('content-type')).toMatch(/^application\/json/);
    const items = at(res.json, 'value') as unknown[];
    const principals = items.map((v) => at(v, 'properties', 'expandedProperties', 'principal', 'displayName'));
    for (const p of Object.values(scenario.principals ?? {})) expect(principals).toContain(p.displayName);
    expect(principals).toContain("<script>alert('pwned')</script>");
    expect(principals).toContain('<img src=x onerror=alert(1)>');
    expect(principals.some((n) => String(n).includes('\u202E'))).toBe(true);
    expect(principals.some((n) => String(n).length === 500)).toBe(true);
    expect(items.map((v) => at(v, 'properties', 'status'))).toContain('PendingQuantumReview');
    expect(items.map((v) => at(v, 'properties', 'requestType'))).toContain('SelfTeleport');
    const scopes = items.map((v) => at(v, 'properties', 'expandedProperties', 'scope', 'displayName'));
    expect(scopes).toContain('</td><b>Prod</b>"; DROP TABLE approvals;--');
    const approvals = await t.call('GET', `${APPROVALS}?${APPR_API}&$filter=asApprover()`);
    const stageStatuses = (at(approvals.json, 'value') as unknown[]).flatMap((a) => (at(a, 'properties', 'stages') as unknown[]).map((s) => at(s, 'properties', 'status')));
    expect(stageStatuses).toContain('Levitating');
    // The raw text is JSON: markup is inside strings, never outside them.
    expect(() => JSON.parse(res.text) as unknown).not.toThrow();
  });

  it('expiring: deadlines within the hour and one already timed out on load', async () => {
    t = await startTestSim({ scenario: 'expiring' });
    const res = await t.call('GET', LIST);
    const items = at(res.json, 'value') as unknown[];
    const left = items
      .filter((v) => at(v, 'properties', 'status') === 'PendingApproval')
      .map((v) => Date.parse(String(at(v, 'properties', 'createdOn'))) + 24 * 3600_000 - t!.clock.now());
    expect(left.filter((ms) => ms <= 3600_000).length).toBeGreaterThanOrEqual(3);
    expect(items.map((v) => at(v, 'properties', 'status'))).toContain('TimedOut');
  });

  it('mixed: 7 pending for me across kinds (3 ARM, 2 Entra ID roles, 2 groups), plus my own Entra request', async () => {
    t = await startTestSim({ scenario: 'mixed' });
    const sim = t;
    const me = sim.running.principals['me']?.id;
    const arm = await pendingForMe(sim);
    const entra = at((await sim.graph('GET', ENTRA_LIST)).json, 'value') as unknown[];
    const groups = at((await sim.graph('GET', GROUP_LIST)).json, 'value') as unknown[];
    // Listed but not mine to decide: requests I made myself (no self-approval).
    const actionable = [
      ...arm.filter((v) => at(v, 'properties', 'requestorId') !== me),
      ...[...entra, ...groups].filter((v) => at(v, 'createdBy', 'user', 'id') !== me),
    ];
    expect([arm.length, entra.length, groups.length]).toEqual([3, 3, 2]);
    expect(actionable).toHaveLength(7);
    expect(entra.map((v) => at(v, 'roleDefinition', 'displayName'))).toContain('Global Administrator');
    expect(groups.map((v) => at(v, 'accessId')).sort()).toEqual(['member', 'owner']);
    const own = entra.filter((v) => at(v, 'createdBy', 'user', 'id') === me);
    expect(own).toHaveLength(1);
    // Every one of the seven has a stage that is mine and in progress.
    for (const v of [...entra, ...groups]) {
      const isGroup = at(v, 'accessId') !== undefined;
      const approval = await sim.graph('GET', (isGroup ? groupApprovalUrl : entraApprovalUrl)(String(at(v, 'approvalId'))));
      const stages = at(approval.json, isGroup ? 'stages' : 'steps') as unknown[];
      expect(stages.some((s) => at(s, 'assignedToMe') === true && at(s, 'status') === 'InProgress')).toBe(true);
    }
    // One group request waits for approver2 alone.
    expect(at((await sim.graph('GET', GROUP_LIST, { as: 'approver2' })).json, 'value')).toHaveLength(3);
  });

  it('fabrikam: its own directory and people, 5 pending for me (3 ARM, 1 Entra ID role, 1 group), one group request approver2\'s alone', async () => {
    t = await startTestSim({ scenario: 'fabrikam' });
    const sim = t;
    expect(sim.running.tenant).toMatchObject({ displayName: 'Fabrikam', defaultDomain: 'fabrikam.onmicrosoft.com' });
    expect(sim.running.principals['me']?.upn).toBe('alex.rivera_contoso.com#EXT#@fabrikam.onmicrosoft.com');
    // Every default person is replaced by Fabrikam's own: no Contoso name or oid is left.
    const contosoIds = Object.values(DEFAULT_PRINCIPALS).map((p) => p.id);
    for (const p of Object.values(sim.running.principals)) {
      expect(p.upn).toMatch(/fabrikam/);
      expect(contosoIds).not.toContain(p.id);
    }
    const arm = await pendingForMe(sim);
    const entra = at((await sim.graph('GET', ENTRA_LIST)).json, 'value') as unknown[];
    const groups = at((await sim.graph('GET', GROUP_LIST)).json, 'value') as unknown[];
    expect([arm.length, entra.length, groups.length]).toEqual([3, 1, 1]);
    const scopes = arm.map((v) => at(v, 'properties', 'expandedProperties', 'scope', 'displayName'));
    expect(scopes.sort()).toEqual(['Fabrikam Development', 'Fabrikam Production', 'rg-secrets']);
    expect(at((await sim.graph('GET', GROUP_LIST, { as: 'approver2' })).json, 'value')).toHaveLength(2);
  });
});
