// Decision rules over real loopback HTTP: first approver wins, no self-approval, expiry on
// a VirtualClock, serial stages, who may decide, body shapes, 204 vs 200, batch, oracle.
import { afterEach, describe, expect, it } from 'vitest';
import type { Knobs } from './knobs';
import { APPR_API, APPROVALS, REQ_API, REQUESTS, approve, at, deny, stageUrl, startTestSim, type TestSim } from '../../test/kit/sim-test-kit';

const EMPTY = { name: 'empty', requests: [] };
let t: TestSim;

async function fresh(knobs: Partial<Knobs> = {}): Promise<TestSim> {
  t = await startTestSim({ scenario: EMPTY, knobs });
  return t;
}

afterEach(async () => {
  await t.running.close();
});

describe('first approver wins', () => {
  it('answers a late decision with 409 and an ARM error, and keeps the first decision', async () => {
    await fresh();
    const { approvalId, stageIds } = t.running.sim.createRequest({ approvers: ['me', 'approver2'] });
    const stage = stageIds[0] ?? '';
    expect((await t.call('PUT', stageUrl(approvalId, stage), { as: 'approver2', body: deny('no') })).status).toBe(204);
    const late = await t.call('PUT', stageUrl(approvalId, stage), { body: approve() });
    expect(late.status).toBe(409);
    expect(at(late.json, 'error', 'code')).toEqual(expect.any(String));
    expect(at(late.json, 'error', 'message')).toEqual(expect.any(String));
    const get = await t.call('GET', stageUrl(approvalId, stage));
    expect(at(get.json, 'properties', 'status')).toBe('Completed');
    expect(at(get.json, 'properties', 'reviewResult')).toBe('Deny');
    expect(at(get.json, 'properties', 'reviewedBy', 'principalName')).toBe('Sam Okafor');
    expect(t.running.sim.appliedDecisions()).toEqual([{ stageId: stage, by: 'approver2', result: 'Deny', at: t.clock.now() }]);
  });

  it('uses 400 for late decisions when lateDecisionStatus is 400, also after decideAs', async () => {
    await fresh({ lateDecisionStatus: 400 });
    const { approvalId, stageIds } = t.running.sim.createRequest({});
    t.running.sim.decideAs('approver2', stageIds[0] ?? '', 'Approve', 'fine');
    const late = await t.call('PATCH', stageUrl(approvalId, stageIds[0] ?? ''), { body: { reviewResult: 'Approve', justification: 'x' } });
    expect(late.status).toBe(400);
    expect(t.running.sim.appliedDecisions()).toHaveLength(1);
  });

  it('records a repeated decision by the same approver once (exactly-once oracle)', async () => {
    await fresh();
    const { approvalId, stageIds } = t.running.sim.createRequest({});
    const url = stageUrl(approvalId, stageIds[0] ?? '');
    expect((await t.call('PUT', url, { body: approve() })).status).toBe(204);
    expect((await t.call('PUT', url, { body: approve() })).status).toBe(409);
    expect(t.running.sim.appliedDecisions()).toHaveLength(1);
  });
});

describe('who may decide', () => {
  it('refuses self-approval with 400 "Request doesn\'t allow Self-Approval"', async () => {
    await fresh();
    const { approvalId, stageIds } = t.running.sim.createRequest({ requester: 'me', approvers: ['me', 'approver2'] });
    const res = await t.call('PUT', stageUrl(approvalId, stageIds[0] ?? ''), { body: approve() });
    expect(res.status).toBe(400);
    expect(at(res.json, 'error', 'message')).toBe("Request doesn't allow Self-Approval");
  });

  it('answers 403 AuthorizationFailed for a stage not assigned to the caller', async () => {
    await fresh();
    const { approvalId, stageIds } = t.running.sim.createRequest({ approvers: ['approver2'] });
    const res = await t.call('PUT', stageUrl(approvalId, stageIds[0] ?? ''), { body: approve() });
    expect(res.status).toBe(403);
    expect(at(res.json, 'error', 'code')).toBe('AuthorizationFailed');
    expect(t.running.sim.appliedDecisions()).toEqual([]);
  });

  it('does not let a service principal approve', async () => {
    await fresh();
    const { approvalId, stageIds } = t.running.sim.createRequest({ approvers: ['automation'] });
    const res = await t.call('PUT', stageUrl(approvalId, stageIds[0] ?? ''), { as: 'automation', body: approve() });
    expect(res.status).toBe(400);
  });

  it('answers 404 for unknown approval and stage ids', async () => {
    await fresh();
    const { approvalId } = t.running.sim.createRequest({});
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await t.call('GET', `${APPROVALS}/${unknown}?${APPR_API}`)).status).toBe(404);
    expect((await t.call('GET', stageUrl(approvalId, unknown))).status).toBe(404);
    expect((await t.call('PUT', stageUrl(unknown, unknown), { body: approve() })).status).toBe(404);
    expect((await t.call('GET', `${REQUESTS}/${unknown}?${REQ_API}`)).status).toBe(404);
  });

  it('computes assignedToMe per caller', async () => {
    await fresh();
    const { approvalId, stageIds } = t.running.sim.createRequest({ approvers: ['me'] });
    const mine = await t.call('GET', stageUrl(approvalId, stageIds[0] ?? ''));
    expect(at(mine.json, 'properties', 'assignedToMe')).toBe(true);
    const theirs = await t.call('GET', stageUrl(approvalId, stageIds[0] ?? ''), { as: 'requester' });
    expect(at(theirs.json, 'properties', 'assignedToMe')).toBe(false);
  });
});

describe('expiry on the sim clock', () => {
  it('expires the stage and times the request out 24 hours after createdOn', async () => {
    await fresh();
    const { requestId, approvalId, stageIds } = t.running.sim.createRequest({});
    const url = stageUrl(approvalId, stageIds[0] ?? '');
    await t.running.sim.advance(24 * 3600_000 - 1000);
    expect(at((await t.call('GET', url)).json, 'properties', 'status')).toBe('InProgress');
    await t.running.sim.advance(1000);
    expect(at((await t.call('GET', url)).json, 'properties', 'status')).toBe('Expired');
    const req = await t.call('GET', `/subscriptions/2f6e9b1c-4a3d-4e8f-9b7a-1c2d3e4f5a6b${REQUESTS}/${requestId}?${REQ_API}`);
    expect(at(req.json, 'properties', 'status')).toBe('TimedOut');
    const decision = await t.call('PUT', url, { body: approve() });
    expect(decision.status).toBe(400);
    expect(at(decision.json, 'error', 'code')).toBe('RoleAssignmentApprovalExpired');
    expect(t.running.sim.appliedDecisions()).toEqual([]);
  });

  it('also applies expiry when a test moves a shared VirtualClock directly', async () => {
    await fresh();
    const { stageIds } = t.running.sim.createRequest({ createdOn: new Date(t.clock.now() - 23 * 3600_000).toISOString() });
    await t.clock.advance(3600_000);
    t.running.sim.expireNow();
    expect(at(t.running.sim.stage(stageIds[0] ?? ''), 'properties', 'status')).toBe('Expired');
  });
});

describe('serial stages', () => {
  it('starts the next stage after an approve and finishes the request after the last', async () => {
    await fresh();
    const { requestId, approvalId, stageIds } = t.running.sim.createRequest({ stages: 2, approvers: ['me', 'approver2'] });
    const [first, second] = stageIds as [string, string];
    const before = await t.call('GET', `${APPROVALS}/${approvalId}?${APPR_API}`);
    const stages = at(before.json, 'properties', 'stages') as unknown[];
    expect(stages.map((s) => at(s, 'properties', 'status'))).toEqual(['InProgress', 'NotStarted']);
    expect((await t.call('PUT', stageUrl(approvalId, second), { body: approve() })).status).toBe(400);
    expect((await t.call('PUT', stageUrl(approvalId, first), { as: 'approver2', body: approve() })).status).toBe(204);
    expect(at(t.running.sim.stage(second), 'properties', 'status')).toBe('InProgress');
    expect((await t.call('PUT', stageUrl(approvalId, second), { body: approve() })).status).toBe(204);
    const list = await t.call('GET', `${REQUESTS}?${REQ_API}&$filter=asApprover()`);
    const item = (at(list.json, 'value') as unknown[]).find((v) => at(v, 'name') === requestId);
    expect(at(item, 'properties', 'status')).toMatch(/^(Granted|Provisioned)$/);
  });

  it('ends the request as Denied when a stage is denied', async () => {
    await fresh();
    const { requestId, approvalId, stageIds } = t.running.sim.createRequest({ stages: 2 });
    expect((await t.call('PUT', stageUrl(approvalId, stageIds[0] ?? ''), { body: deny() })).status).toBe(204);
    expect(at(t.running.sim.stage(stageIds[1] ?? ''), 'properties', 'status')).toBe('NotStarted');
    const list = await t.call('GET', `${REQUESTS}?${REQ_API}&$filter=asApprover()`);
    const item = (at(list.json, 'value') as unknown[]).find((v) => at(v, 'name') === requestId);
    expect(at(item, 'properties', 'status')).toBe('Denied');
  });
});

describe('body shapes and answers', () => {
  it('answers 204 without body by default and 200 with the stage when patchAnswers is 200', async () => {
    await fresh();
    const a = t.running.sim.createRequest({});
    const r204 = await t.call('PUT', stageUrl(a.approvalId, a.stageIds[0] ?? ''), { body: approve() });
    expect(r204.status).toBe(204);
    expect(r204.text).toBe('');
    t.running.sim.setKnobs({ patchAnswers: 200 });
    const b = t.running.sim.createRequest({});
    const r200 = await t.call('PATCH', stageUrl(b.approvalId, b.stageIds[0] ?? ''), { body: { reviewResult: 'Approve', justification: 'flat' } });
    expect(r200.status).toBe(200);
    expect(at(r200.json, 'properties', 'reviewResult')).toBe('Approve');
    expect(at(r200.json, 'properties', 'justification')).toBe('flat');
  });

  it('a flat-body-only tenant refuses PUT nested with 400 and accepts PATCH flat', async () => {
    await fresh({ flatBodyOnly: true });
    const { approvalId, stageIds } = t.running.sim.createRequest({});
    const url = stageUrl(approvalId, stageIds[0] ?? '');
    expect((await t.call('PUT', url, { body: approve() })).status).toBe(400);
    expect((await t.call('PATCH', url, { body: approve() })).status).toBe(400);
    expect(t.running.sim.appliedDecisions()).toEqual([]);
    expect((await t.call('PATCH', url, { body: { reviewResult: 'Approve', justification: 'flat' } })).status).toBe(204);
    expect(t.running.sim.appliedDecisions()).toHaveLength(1);
  });

  it('refuses a missing or unknown reviewResult with 400', async () => {
    await fresh();
    const { approvalId, stageIds } = t.running.sim.createRequest({});
    const url = stageUrl(approvalId, stageIds[0] ?? '');
    expect((await t.call('PUT', url, { body: { properties: { justification: 'x' } } })).status).toBe(400);
    expect((await t.call('PUT', url, { body: { properties: { reviewResult: 'NotReviewed' } } })).status).toBe(400);
    expect((await t.call('PUT', url, { body: { reviewResult: 'Approve' } })).status).toBe(400);
  });

  it('serves a decision through POST /batch like a direct PUT', async () => {
    await fresh();
    const { approvalId, stageIds } = t.running.sim.createRequest({});
    const inner = `https://management.azure.com${stageUrl(approvalId, stageIds[0] ?? '')}`;
    const res = await t.call('POST', '/batch?api-version=2020-06-01', {
      body: { requests: [{ httpMethod: 'PUT', url: inner, content: approve() }, { httpMethod: 'GET', url: stageUrl(approvalId, stageIds[0] ?? '') }] },
    });
    expect(res.status).toBe(200);
    const responses = at(res.json, 'responses') as unknown[];
    expect(at(responses[0], 'httpStatusCode')).toBe(204);
    expect(at(responses[1], 'httpStatusCode')).toBe(200);
    expect(at(responses[1], 'content', 'properties', 'reviewResult')).toBe('Approve');
    expect(t.running.sim.appliedDecisions()).toHaveLength(1);
    const entry = t.running.sim.callLog().at(-1);
    expect(entry).toMatchObject({ route: 'batch', kind: 'write', stageId: stageIds[0], reviewResult: 'Approve' });
  });
});

describe('schedule requests', () => {
  it('creates a request with PUT that then waits for approval, and lets its requester cancel it', async () => {
    await fresh();
    const name = '11111111-2222-4333-8444-555555555555';
    const scope = '/subscriptions/2f6e9b1c-4a3d-4e8f-9b7a-1c2d3e4f5a6b';
    const put = await t.call('PUT', `${scope}${REQUESTS}/${name}?${REQ_API}`, {
      as: 'requester',
      body: {
        properties: {
          principalId: t.running.principals['requester']?.id,
          roleDefinitionId: `${scope}/providers/Microsoft.Authorization/roleDefinitions/b24988ac-6180-42a0-ab88-20f7382dd24c`,
          requestType: 'SelfActivate',
          justification: 'deploy',
          scheduleInfo: { expiration: { type: 'AfterDuration', duration: 'PT1H' } },
        },
      },
    });
    expect(put.status).toBe(201);
    expect(at(put.json, 'properties', 'status')).toBe('PendingApproval');
    expect(at(put.json, 'properties', 'expandedProperties', 'roleDefinition', 'displayName')).toBe('Contributor');
    const mine = await t.call('GET', `${REQUESTS}?${REQ_API}&$filter=asApprover()`);
    expect((at(mine.json, 'value') as unknown[]).map((v) => at(v, 'name'))).toContain(name);
    expect((await t.call('POST', `${scope}${REQUESTS}/${name}/cancel?${REQ_API}`, { as: 'approver2' })).status).toBe(403);
    const cancel = await t.call('POST', `${scope}${REQUESTS}/${name}/cancel?${REQ_API}`, { as: 'requester' });
    expect(cancel.status).toBe(200);
    const after = await t.call('GET', `${scope}${REQUESTS}/${name}?${REQ_API}`, { as: 'requester' });
    expect(at(after.json, 'properties', 'status')).toBe('Canceled');
  });
});
