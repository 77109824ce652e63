// The Graph surface's routes and rules over real loopback HTTP: both lists with paging, the
// approval and step/stage reads, PATCH decisions (204, first approver wins, expiry,
// self-approval, assignment, unknown ids, bodies), serial stages, and kind isolation from ARM.
import { afterEach, describe, expect, it } from 'vitest';
import type { CreateRequestInput } from './simulator';
import {
  APPROVALS,
  APPR_API,
  ENTRA_LIST,
  GROUP_LIST,
  REQ_API,
  REQUESTS,
  approve,
  at,
  decision,
  entraApprovalUrl,
  entraStepUrl,
  groupApprovalUrl,
  groupStageUrl,
  stageUrl,
  startTestSim,
  type TestSim,
} from '../../test/kit/sim-test-kit';

const EMPTY = { name: 'empty', requests: [] };
const DAY = 24 * 60 * 60 * 1000;
let t: TestSim;

afterEach(async () => {
  await t.running.close();
});

/**
 * Creates a request of a Graph kind and returns its URLs for step/stage 1. A group approval's
 * Graph id is its request's id (Microsoft's approval-get), whatever id SimControl keeps for it.
 */
function graphRequest(input: CreateRequestInput & { kind: 'entraRole' | 'group' }) {
  const created = t.running.sim.createRequest(input);
  const stageId = created.stageIds[0] ?? '';
  const approvalId = input.kind === 'group' ? created.requestId : created.approvalId;
  const approval = input.kind === 'entraRole' ? entraApprovalUrl(approvalId) : groupApprovalUrl(approvalId);
  const step = input.kind === 'entraRole' ? entraStepUrl(approvalId, stageId) : groupStageUrl(approvalId, stageId);
  return { ...created, approvalId, stageId, approval, step };
}

async function listAll(first: string, as = 'me'): Promise<{ items: unknown[]; pages: number }> {
  const items: unknown[] = [];
  let next: string | undefined = first;
  let pages = 0;
  while (next) {
    const res = await t.graph('GET', next, { as });
    expect(res.status).toBe(200);
    items.push(...(at(res.json, 'value') as unknown[]));
    next = at(res.json, '@odata.nextLink') as string | undefined;
    if (next) {
      expect(new URL(next).origin).toBe(t.running.graphUrl);
      expect(next).toContain('$skiptoken=');
    }
    pages += 1;
  }
  return { items, pages };
}

describe('lists', () => {
  it('lists Entra ID role and group requests waiting for me, paging through @odata.nextLink', async () => {
    t = await startTestSim({ scenario: 'mixed', knobs: { pageSize: 1 } });
    const entra = await listAll(ENTRA_LIST);
    // Two for me plus my own request (listed, not mine to approve).
    expect(entra.items).toHaveLength(3);
    expect(entra.pages).toBe(3);
    expect(entra.items.map((v) => at(v, 'roleDefinition', 'displayName'))).toEqual(expect.arrayContaining(['Global Administrator', 'User Administrator']));
    const groups = await listAll(GROUP_LIST);
    expect(groups.items.map((v) => `${String(at(v, 'group', 'displayName'))}:${String(at(v, 'accessId'))}`).sort()).toEqual(['Finance Admins:member', 'Production Break-Glass:owner']);
    expect(new Set([...entra.items, ...groups.items].map((v) => at(v, 'id'))).size).toBe(5);
    // approver2 also sees the group request only they may decide.
    expect((await listAll(GROUP_LIST, 'approver2')).items).toHaveLength(3);
    expect(t.running.sim.callLog().every((e) => e.route === 'graph.listEntraRequests' || e.route === 'graph.listGroupRequests')).toBe(true);
  });

  it('serves the item shapes of docs/graph-api.md', async () => {
    t = await startTestSim({ scenario: 'mixed' });
    const entra = at((await t.graph('GET', ENTRA_LIST)).json, 'value') as unknown[];
    const global = entra.find((v) => at(v, 'roleDefinition', 'displayName') === 'Global Administrator');
    expect(Object.keys(global as object).sort()).toEqual(
      [
        'id', 'status', 'action', 'principalId', 'roleDefinitionId', 'directoryScopeId', 'appScopeId', 'justification', 'createdDateTime', 'approvalId',
        'isValidationOnly', 'targetScheduleId', 'scheduleInfo', 'ticketInfo', 'createdBy', 'principal', 'roleDefinition',
      ].sort(),
    );
    const requester = t.running.principals['requester'];
    expect(global).toMatchObject({
      status: 'PendingApproval',
      action: 'selfActivate',
      principalId: requester?.id,
      roleDefinitionId: '62e90394-69f5-4237-9190-012177145e10',
      directoryScopeId: '/',
      appScopeId: null,
      isValidationOnly: false,
      scheduleInfo: { expiration: { type: 'afterDuration', duration: 'PT1H', endDateTime: null } },
      ticketInfo: { ticketNumber: 'INC0077001', ticketSystem: 'ServiceNow' },
      createdBy: { user: { id: requester?.id, displayName: requester?.displayName } },
      principal: { '@odata.type': '#microsoft.graph.user', id: requester?.id, displayName: requester?.displayName, userPrincipalName: requester?.upn },
      roleDefinition: { id: '62e90394-69f5-4237-9190-012177145e10', displayName: 'Global Administrator', templateId: '62e90394-69f5-4237-9190-012177145e10' },
    });
    expect(String(at(global, 'createdDateTime'))).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(String(at(global, 'approvalId'))).toMatch(/^[0-9a-f-]{36}$/);

    const groupList = await t.graph('GET', GROUP_LIST);
    expect(String(at(groupList.json, '@odata.context'))).toBe(`${t.running.graphUrl}/v1.0/$metadata#Collection(privilegedAccessGroupAssignmentScheduleRequest)`);
    const owner = (at(groupList.json, 'value') as unknown[]).find((v) => at(v, 'accessId') === 'owner');
    const keys = Object.keys(owner as object);
    // appScopeId is an Entra ID role request's; the group request model has none.
    for (const absent of ['roleDefinitionId', 'directoryScopeId', 'roleDefinition', 'appScopeId']) expect(keys).not.toContain(absent);
    expect(owner).toMatchObject({ accessId: 'owner', groupId: expect.stringMatching(/^[0-9a-f-]{36}$/), group: { displayName: 'Production Break-Glass' } });
    expect(at(owner, 'group', 'id')).toBe(at(owner, 'groupId'));
  });

  it('returns principal, roleDefinition and group only when $expand names them, and refuses what it cannot expand', async () => {
    t = await startTestSim({ scenario: 'mixed' });
    const bare = "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='approver')?$filter=status eq 'PendingApproval'";
    const plain = at((await t.graph('GET', bare)).json, 'value') as unknown[];
    expect(plain).toHaveLength(3);
    for (const v of plain) for (const relationship of ['principal', 'roleDefinition']) expect(Object.keys(v as object)).not.toContain(relationship);
    const onlyPrincipal = at((await t.graph('GET', `${bare}&$expand=PRINCIPAL`)).json, 'value') as unknown[];
    expect(onlyPrincipal.map((v) => [typeof at(v, 'principal', 'displayName'), at(v, 'roleDefinition')])).toEqual(Array.from({ length: 3 }, () => ['string', undefined]));
    const groups = "/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/filterByCurrentUser(on='approver')";
    expect((at((await t.graph('GET', `${groups}?$expand=group`)).json, 'value') as unknown[]).map((v) => [at(v, 'principal'), typeof at(v, 'group', 'displayName')])).toEqual([
      [undefined, 'string'],
      [undefined, 'string'],
    ]);
    for (const bad of [`${bare}&$expand=roleDefinition,activatedUsing`, `${groups}?$expand=roleDefinition`]) {
      const res = await t.graph('GET', bad);
      expect(res.status, bad).toBe(400);
      expect(at(res.json, 'error', 'code')).toBe('BadRequest');
    }
  });

  it('expands a service principal without a userPrincipalName (its model has none) and names it the application that asked', async () => {
    t = await startTestSim({ scenario: { name: 'sp', requests: [{ kind: 'entraRole', requester: 'automation', role: 'Global Reader' }] } });
    const item = (at((await t.graph('GET', ENTRA_LIST)).json, 'value') as unknown[])[0];
    const sp = t.running.principals['automation'];
    expect(at(item, 'principal')).toEqual({ '@odata.type': '#microsoft.graph.servicePrincipal', id: sp?.id, displayName: sp?.displayName });
    expect(at(item, 'createdBy')).toEqual({ application: { id: sp?.id, displayName: sp?.displayName } });
  });

  it('accepts the function segment percent-encoded and segment names in any case', async () => {
    t = await startTestSim({ scenario: 'mixed' });
    const encoded = '/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser%28on%3D%27approver%27%29';
    expect(at((await t.graph('GET', encoded)).json, 'value')).toHaveLength(3);
    const shouting = "/V1.0/ROLEMANAGEMENT/Directory/RoleAssignmentScheduleRequests/FilterByCurrentUser(on='approver')";
    expect(at((await t.graph('GET', shouting)).json, 'value')).toHaveLength(3);
    const beta = "/beta/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/filterByCurrentUser(on='approver')?$FILTER=status eq 'PendingApproval'";
    expect(at((await t.graph('GET', beta)).json, 'value')).toHaveLength(2);
  });

  it('honours status filters and refuses other filters, other `on` values and bad skip tokens with 400', async () => {
    t = await startTestSim({ scenario: EMPTY });
    const a = graphRequest({ kind: 'entraRole', role: 'Global Administrator' });
    graphRequest({ kind: 'entraRole', role: 'User Administrator' });
    t.running.sim.decideAs('approver2', a.stageId, 'Deny', 'no');
    expect(at((await t.graph('GET', ENTRA_LIST)).json, 'value')).toHaveLength(1);
    const base = "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='approver')";
    expect(at((await t.graph('GET', `${base}?$filter=status eq 'Denied'`)).json, 'value')).toHaveLength(0);
    for (const bad of [`${base}?$filter=principalId eq 'x'`, `${base}?$skiptoken=garbage`, base.replace('approver', 'createdBy')]) {
      const res = await t.graph('GET', bad);
      expect(res.status, bad).toBe(400);
      expect(at(res.json, 'error', 'code')).toBe('BadRequest');
      expect(at(res.json, 'error', 'innerError', 'request-id')).toBe(res.headers.get('request-id'));
    }
  });
});

describe('approval and step reads', () => {
  it('reads an Entra approval with its steps and one step', async () => {
    t = await startTestSim({ scenario: EMPTY });
    const r = graphRequest({ kind: 'entraRole', role: 'Global Administrator', stages: 2 });
    const approval = await t.graph('GET', r.approval);
    expect(approval.status).toBe(200);
    expect(at(approval.json, 'id')).toBe(r.approvalId);
    expect(at(approval.json, 'stages')).toBeUndefined();
    const steps = at(approval.json, 'steps') as unknown[];
    expect(steps.map((s) => [at(s, 'id'), at(s, 'status'), at(s, 'assignedToMe')])).toEqual([
      [r.stageIds[0], 'InProgress', true],
      // A later step whose turn has not come, in Graph's documented words (not NotStarted).
      [r.stageIds[1], 'Initializing', true],
    ]);
    const step = await t.graph('GET', r.step);
    expect(step.json).toEqual({
      id: r.stageId,
      displayName: 'Approval stage 1',
      status: 'InProgress',
      reviewResult: 'NotReviewed',
      assignedToMe: true,
      reviewedBy: null,
      reviewedDateTime: null,
      justification: null,
    });
    expect(t.running.sim.callLog().map((e) => e.route)).toEqual(['graph.getEntraApproval', 'graph.getEntraStep']);
  });

  it('reads a group approval with its stages and one stage', async () => {
    t = await startTestSim({ scenario: EMPTY });
    const r = graphRequest({ kind: 'group', access: 'owner', group: 'Finance Admins' });
    const approval = await t.graph('GET', r.approval);
    expect(at(approval.json, 'steps')).toBeUndefined();
    expect((at(approval.json, 'stages') as unknown[]).map((s) => at(s, 'id'))).toEqual([r.stageId]);
    expect(at((await t.graph('GET', r.step)).json, 'status')).toBe('InProgress');
    expect(t.running.sim.callLog().map((e) => e.route)).toEqual(['graph.getGroupApproval', 'graph.getGroupStage']);
  });

  it('serves Entra approvals in beta only, as Graph does', async () => {
    t = await startTestSim({ scenario: EMPTY });
    const r = graphRequest({ kind: 'entraRole' });
    const v1 = await t.graph('GET', r.approval.replace('/beta/', '/v1.0/'));
    expect(v1.status).toBe(400);
    expect(at(v1.json, 'error', 'message')).toBe("Resource not found for the segment 'roleAssignmentApprovals'.");
    expect((await t.graph('GET', r.approval.replace('/beta/', '/v2.0/'))).status).toBe(400);
    const group = graphRequest({ kind: 'group' });
    expect((await t.graph('GET', group.approval.replace('/v1.0/', '/beta/'))).status).toBe(200);
    expect((await t.graph('DELETE', r.step)).status).toBe(405);
  });

  it('serves group approvals with stages in v1.0 and steps in beta, each under its own segment only', async () => {
    t = await startTestSim({ scenario: EMPTY });
    const r = graphRequest({ kind: 'group' });
    const beta = (await t.graph('GET', r.approval.replace('/v1.0/', '/beta/'))).json;
    expect(at(beta, 'stages')).toBeUndefined();
    expect((at(beta, 'steps') as unknown[]).map((s) => at(s, 'id'))).toEqual([r.stageId]);
    const betaStep = r.step.replace('/v1.0/', '/beta/').replace('/stages/', '/steps/');
    expect(at((await t.graph('GET', betaStep)).json, 'id')).toBe(r.stageId);
    for (const wrong of [r.step.replace('/v1.0/', '/beta/'), r.step.replace('/stages/', '/steps/')]) {
      const res = await t.graph('GET', wrong);
      expect(res.status, wrong).toBe(400);
      expect(at(res.json, 'error', 'message')).toMatch(/^Resource not found for the segment '(stages|steps)'\.$/);
    }
    expect((await t.graph('PATCH', betaStep, { body: decision('Approve') })).status).toBe(204);
    expect(t.running.sim.appliedDecisions().map((d) => d.stageId)).toEqual([r.stageId]);
  });

  it("reads a group approval by its request's id, as Graph does, and the list says so", async () => {
    t = await startTestSim({ scenario: EMPTY });
    const r = graphRequest({ kind: 'group' });
    const item = (at((await t.graph('GET', GROUP_LIST)).json, 'value') as unknown[])[0];
    expect(at(item, 'approvalId')).toBe(at(item, 'id'));
    expect(at((await t.graph('GET', r.approval)).json, 'id')).toBe(r.requestId);
  });
});

describe('decisions', () => {
  it.each(['entraRole', 'group'] as const)('%s: PATCH answers 204, then the step shows Approve by me and the request is Granted', async (kind) => {
    t = await startTestSim({ scenario: EMPTY });
    const r = graphRequest({ kind });
    const list = kind === 'entraRole' ? ENTRA_LIST : GROUP_LIST;
    expect(at((await t.graph('GET', list)).json, 'value')).toHaveLength(1);
    const res = await t.graph('PATCH', r.step, { body: decision('Approve', 'Verified with the requester') });
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    const step = (await t.graph('GET', r.step)).json;
    const me = t.running.principals['me'];
    expect(step).toMatchObject({
      status: 'Completed',
      reviewResult: 'Approved',
      justification: 'Verified with the requester',
      reviewedDateTime: expect.stringMatching(/Z$/),
    });
    // Graph's identity model: id and name, no userPrincipalName.
    expect(at(step, 'reviewedBy')).toEqual({ id: me?.id, displayName: me?.displayName });
    // No longer pending: neither in my list nor under its own status filter.
    expect(at((await t.graph('GET', list)).json, 'value')).toHaveLength(0);
    expect(t.running.sim.appliedDecisions()).toEqual([{ stageId: r.stageId, by: 'me', result: 'Approve', at: t.clock.now() }]);
    const patch = t.running.sim.callLog().find((e) => e.method === 'PATCH');
    expect(patch).toMatchObject({ route: kind === 'entraRole' ? 'graph.patchEntraStep' : 'graph.patchGroupStage', status: 204, kind: 'write', stageId: r.stageId, reviewResult: 'Approve', principal: 'me' });
  });

  it('answers 409 Conflict when another approver decided first, and keeps their decision', async () => {
    t = await startTestSim({ scenario: EMPTY });
    const r = graphRequest({ kind: 'entraRole' });
    t.running.sim.decideAs('approver2', r.stageId, 'Deny', 'Not during the freeze');
    const late = await t.graph('PATCH', r.step, { body: decision('Approve') });
    expect(late.status).toBe(409);
    expect(at(late.json, 'error', 'code')).toBe('Conflict');
    const step = (await t.graph('GET', r.step)).json;
    expect(step).toMatchObject({ reviewResult: 'Denied', reviewedBy: { displayName: 'Sam Okafor' } });
    expect(t.running.sim.appliedDecisions()).toHaveLength(1);
    // Graph documents 409 for late decisions; ARM's lateDecisionStatus knob does not change it.
    t.running.sim.setKnobs({ lateDecisionStatus: 400 });
    expect((await t.graph('PATCH', r.step, { body: decision('Approve') })).status).toBe(409);
  });

  it('answers 400 ApprovalStageExpired once the 24-hour window has passed', async () => {
    t = await startTestSim({ scenario: EMPTY });
    const r = graphRequest({ kind: 'group' });
    await t.running.sim.advance(DAY);
    const res = await t.graph('PATCH', r.step, { body: decision('Approve') });
    expect(res.status).toBe(400);
    expect(at(res.json, 'error', 'code')).toBe('ApprovalStageExpired');
    expect(at((await t.graph('GET', r.step)).json, 'status')).toBe('Expired');
    expect(at((await t.graph('GET', GROUP_LIST)).json, 'value')).toHaveLength(0);
    expect(t.running.sim.appliedDecisions()).toEqual([]);
  });

  it('refuses self-approval with 400 SelfApprovalNotAllowed', async () => {
    t = await startTestSim({ scenario: EMPTY });
    const r = graphRequest({ kind: 'entraRole', requester: 'me', approvers: ['me', 'approver2'] });
    const res = await t.graph('PATCH', r.step, { body: decision('Approve') });
    expect(res.status).toBe(400);
    expect(at(res.json, 'error', 'code')).toBe('SelfApprovalNotAllowed');
    expect(t.running.sim.appliedDecisions()).toEqual([]);
  });

  it('answers 403 Authorization_RequestDenied for a stage not assigned to me', async () => {
    t = await startTestSim({ scenario: EMPTY });
    const r = graphRequest({ kind: 'group', approvers: ['approver2'] });
    const res = await t.graph('PATCH', r.step, { body: decision('Approve') });
    expect(res.status).toBe(403);
    expect(at(res.json, 'error', 'code')).toBe('Authorization_RequestDenied');
    expect(t.running.sim.appliedDecisions()).toEqual([]);
  });

  it('answers 404 ResourceNotFound for unknown ids and for ids of another kind', async () => {
    t = await startTestSim({ scenario: EMPTY });
    const entra = graphRequest({ kind: 'entraRole' });
    const group = graphRequest({ kind: 'group' });
    const arm = t.running.sim.createRequest({});
    const unknown = '00000000-0000-4000-8000-000000000000';
    const cases: [string, string][] = [
      ['GET', entraApprovalUrl(unknown)],
      ['GET', entraStepUrl(entra.approvalId, unknown)],
      ['PATCH', entraStepUrl(unknown, entra.stageId)],
      ['GET', entraApprovalUrl(group.approvalId)],
      ['PATCH', groupStageUrl(entra.approvalId, entra.stageId)],
      ['GET', groupApprovalUrl(arm.approvalId)],
      ['PATCH', entraStepUrl(arm.approvalId, arm.stageIds[0] ?? '')],
      ['PATCH', entraStepUrl(entra.approvalId, group.stageId)],
    ];
    for (const [method, url] of cases) {
      const res = await t.graph(method, url, method === 'PATCH' ? { body: decision('Approve') } : {});
      expect(res.status, `${method} ${url}`).toBe(404);
      expect(at(res.json, 'error', 'code')).toBe('ResourceNotFound');
    }
    expect(t.running.sim.appliedDecisions()).toEqual([]);
  });

  it('answers 400 BadRequest to bodies without a valid reviewResult or a justification', async () => {
    t = await startTestSim({ scenario: EMPTY });
    const r = graphRequest({ kind: 'entraRole' });
    const bodies: { body?: unknown; rawBody?: string }[] = [
      { body: { justification: 'x' } },
      { body: { reviewResult: 'Maybe', justification: 'x' } },
      { body: { reviewResult: 'approve', justification: 'x' } },
      { body: { reviewResult: 'Approve' } },
      { body: { reviewResult: 'Approve', justification: '   ' } },
      { body: { properties: { reviewResult: 'Approve', justification: 'nested is ARM' } } },
      {},
      { rawBody: '{"reviewResult": ' },
    ];
    for (const b of bodies) {
      const res = await t.graph('PATCH', r.step, b);
      expect(res.status, JSON.stringify(b)).toBe(400);
      expect(at(res.json, 'error', 'code')).toBe('BadRequest');
    }
    expect(t.running.sim.appliedDecisions()).toEqual([]);
    expect((await t.graph('PATCH', r.step, { body: decision('Deny', 'Not needed') })).status).toBe(204);
  });
});

describe('serial stages', () => {
  it('approving stage 1 opens stage 2 for its approver; the last Approve grants the request', async () => {
    t = await startTestSim({
      scenario: {
        name: 'serial',
        requests: [{ kind: 'entraRole', role: 'Privileged Role Administrator', stages: [{ approvers: ['me'] }, { approvers: ['approver2'] }] }],
      },
    });
    const item = (at((await t.graph('GET', ENTRA_LIST)).json, 'value') as unknown[])[0];
    const approvalId = String(at(item, 'approvalId'));
    const steps = at((await t.graph('GET', entraApprovalUrl(approvalId))).json, 'steps') as unknown[];
    const [first, second] = steps.map((s) => String(at(s, 'id')));
    expect(at((await t.graph('GET', ENTRA_LIST, { as: 'approver2' })).json, 'value')).toHaveLength(0);
    // approver2 cannot jump the queue.
    const early = await t.graph('PATCH', entraStepUrl(approvalId, second ?? ''), { as: 'approver2', body: decision('Approve') });
    expect(early.status).toBe(400);
    expect(at(early.json, 'error', 'code')).toBe('ApprovalStageNotStarted');

    expect((await t.graph('PATCH', entraStepUrl(approvalId, first ?? ''), { body: decision('Approve') })).status).toBe(204);
    const after = at((await t.graph('GET', entraApprovalUrl(approvalId))).json, 'steps') as unknown[];
    expect(after.map((s) => `${String(at(s, 'status'))}:${String(at(s, 'reviewResult'))}`)).toEqual(['Completed:Approved', 'InProgress:NotReviewed']);
    expect(at((await t.graph('GET', ENTRA_LIST)).json, 'value')).toHaveLength(0);
    const waiting = at((await t.graph('GET', ENTRA_LIST, { as: 'approver2' })).json, 'value') as unknown[];
    expect(waiting.map((v) => at(v, 'status'))).toEqual(['PendingApproval']);

    expect((await t.graph('PATCH', entraStepUrl(approvalId, second ?? ''), { as: 'approver2', body: decision('Approve') })).status).toBe(204);
    const all = "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='approver')?$filter=status eq 'Granted'";
    // Granted requests have no open stage, so no approver list holds them any more.
    expect(at((await t.graph('GET', all, { as: 'approver2' })).json, 'value')).toHaveLength(0);
    expect(t.running.sim.appliedDecisions().map((d) => [d.by, d.result])).toEqual([
      ['me', 'Approve'],
      ['approver2', 'Approve'],
    ]);
  });

  it('a Deny at stage 1 completes the request as Denied and never opens stage 2', async () => {
    t = await startTestSim({ scenario: EMPTY });
    const r = graphRequest({ kind: 'group', stages: 2 });
    expect((await t.graph('PATCH', r.step, { body: decision('Deny', 'Wrong group') })).status).toBe(204);
    const stages = at((await t.graph('GET', r.approval)).json, 'stages') as unknown[];
    expect(stages.map((s) => at(s, 'status'))).toEqual(['Completed', 'Initializing']);
    const denied = "/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/filterByCurrentUser(on='approver')?$filter=status eq 'Denied'";
    expect(at((await t.graph('GET', denied, { as: 'approver2' })).json, 'value')).toHaveLength(0);
    const second = await t.graph('PATCH', groupStageUrl(r.approvalId, r.stageIds[1] ?? ''), { as: 'approver2', body: decision('Approve') });
    expect(second.status).toBe(400);
  });
});

describe('kind isolation', () => {
  it('ARM never lists, reads or decides an Entra ID role or group request', async () => {
    t = await startTestSim({ scenario: 'mixed' });
    const requests = at((await t.call('GET', `${REQUESTS}?${REQ_API}&$filter=asApprover()`)).json, 'value') as unknown[];
    expect(requests).toHaveLength(3);
    expect(requests.every((v) => String(at(v, 'properties', 'scope')).startsWith('/subscriptions/'))).toBe(true);
    for (const filter of ['asApprover()', 'asCreatedBy()', 'asTarget()']) {
      const approvals = at((await t.call('GET', `${APPROVALS}?${APPR_API}&$filter=${filter}`)).json, 'value') as unknown[];
      expect(approvals.length, filter).toBeLessThanOrEqual(3);
    }
    expect(at((await t.call('GET', `${REQUESTS}?${REQ_API}&$filter=asRequestor()`)).json, 'value')).toHaveLength(0);

    const entra = (at((await t.graph('GET', ENTRA_LIST)).json, 'value') as unknown[])[0];
    const approvalId = String(at(entra, 'approvalId'));
    const stageId = String(at((await t.graph('GET', entraApprovalUrl(approvalId))).json, 'steps', 0, 'id'));
    expect((await t.call('GET', `${APPROVALS}/${approvalId}?${APPR_API}`)).status).toBe(404);
    expect((await t.call('GET', stageUrl(approvalId, stageId))).status).toBe(404);
    expect((await t.call('PUT', stageUrl(approvalId, stageId), { body: approve() })).status).toBe(404);
    expect((await t.call('GET', `${REQUESTS}/${String(at(entra, 'id'))}?${REQ_API}`)).status).toBe(404);
    const batch = await t.call('POST', '/batch?api-version=2020-06-01', { body: { requests: [{ httpMethod: 'PUT', url: stageUrl(approvalId, stageId), content: approve() }] } });
    expect(at(batch.json, 'responses', 0, 'httpStatusCode')).toBe(404);
    expect(t.running.sim.appliedDecisions()).toEqual([]);
  });

  it('SimControl and the control channel create, decide and show Graph stages by bare GUID', async () => {
    t = await startTestSim({ scenario: EMPTY, controlSecret: 'sec' });
    const res = await fetch(`${t.running.url}/_sim/requests`, {
      method: 'POST',
      headers: { 'x-sim-secret': 'sec', 'Content-Type': 'application/json' },
      body: JSON.stringify({ kind: 'group', access: 'owner', group: 'SRE On-Call', requester: 'requester2' }),
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as { requestId: string; approvalId: string; stageIds: string[] };
    const item = (at((await t.graph('GET', GROUP_LIST)).json, 'value') as unknown[])[0];
    expect(item).toMatchObject({ accessId: 'owner', group: { displayName: 'SRE On-Call' }, approvalId: created.requestId });
    const stageId = created.stageIds[0] ?? '';
    const decided = await fetch(`${t.running.url}/_sim/decide`, {
      method: 'POST',
      headers: { 'x-sim-secret': 'sec', 'Content-Type': 'application/json' },
      body: JSON.stringify({ principal: 'approver2', stageId, result: 'Approve', justification: 'ok' }),
    });
    expect(decided.status).toBe(200);
    expect(t.running.sim.stage(stageId)).toMatchObject({ id: stageId, status: 'Completed', reviewResult: 'Approved', reviewedBy: { displayName: 'Sam Okafor' } });
    expect(() => t.running.sim.createRequest({ kind: 'entraRole', access: 'owner' })).toThrow(/group requests only/);
  });
});
