import { describe, expect, it } from 'vitest';
import type { Approval, ApprovalStage, ScheduleRequest } from '../arm/types';
import type { QueueItemDto } from '../model/state';
import { QueueItemDto as QueueItemSchema } from '../model/state';
import { buildQueue, bySoonestExpiry } from './build-queue';
import type { QueueItem } from './queue-item';

// Type-level contract: every QueueItem is a valid QueueItemDto for the UI.
const _check: QueueItemDto = {} as QueueItem;
void _check;

const now = Date.parse('2026-01-05T12:00:00Z');
const ctx = { accountId: 'acct-1', now };

function request(name: string, overrides: Partial<ScheduleRequest> = {}): ScheduleRequest {
  return {
    id: `/subscriptions/s/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/${name}`,
    name,
    status: 'PendingApproval',
    requestType: 'SelfActivate',
    approvalId: `/providers/Microsoft.Authorization/roleAssignmentApprovals/ap-${name}`,
    requestorId: 'u1',
    principal: { id: 'u1', displayName: 'Ada', type: 'User', email: 'ada@example.com' },
    roleDefinition: { id: 'role-1', displayName: 'Contributor', type: 'BuiltInRole' },
    scope: { id: '/subscriptions/s', displayName: 'Prod', type: 'subscription' },
    justification: 'hotfix',
    ticketNumber: 'T-1',
    ticketSystem: 'Jira',
    createdOn: '2026-01-05T08:00:00Z',
    startDateTime: '2026-01-05T08:00:00Z',
    duration: 'PT8H',
    expirationType: 'AfterDuration',
    ...overrides,
  };
}

function stage(id: string, overrides: Partial<ApprovalStage> = {}): ApprovalStage {
  return { id, name: id, displayName: null, status: 'InProgress', reviewResult: 'NotReviewed', assignedToMe: true, reviewedBy: null, reviewedDateTime: null, justification: null, ...overrides };
}

function approvalFor(r: ScheduleRequest, stages: ApprovalStage[] = [stage(`${r.approvalId}/stages/st-${r.name}`)]): [string, Approval] {
  return [r.approvalId as string, { id: r.approvalId as string, name: r.name, stages }];
}

describe('buildQueue', () => {
  it('joins a pending request with my open stage into a UI-valid item', () => {
    const r = request('r1');
    const [item] = buildQueue([r], new Map([approvalFor(r)]), ctx);
    expect(item).toEqual({
      id: `${r.approvalId}/stages/st-r1`,
      kind: 'azureResource',
      accountId: 'acct-1',
      approvalId: r.approvalId,
      requestId: r.id,
      requestName: 'r1',
      requestType: 'SelfActivate',
      requester: { id: 'u1', displayName: 'Ada', upn: 'ada@example.com' },
      role: { id: 'role-1', displayName: 'Contributor' },
      scope: { id: '/subscriptions/s', displayName: 'Prod', type: 'subscription' },
      justification: 'hotfix',
      ticket: { number: 'T-1', system: 'Jira' },
      createdOn: '2026-01-05T08:00:00Z',
      expiresAt: '2026-01-06T08:00:00.000Z',
      startsAt: '2026-01-05T08:00:00Z',
      duration: 'PT8H',
      stage: { index: 1, count: 1, status: 'InProgress' },
      actionable: true,
    });
    expect(QueueItemSchema.safeParse(item).success).toBe(true);
  });

  it('keeps only PendingApproval requests', () => {
    const rs = ['Granted', 'Denied', 'PendingApprovalProvisioning', 'SomethingNew', 'PendingApproval'].map((status, i) => request(`r${i}`, { status }));
    const queue = buildQueue(rs, new Map(rs.map((r) => approvalFor(r))), ctx);
    expect(queue.map((i) => i.requestName)).toEqual(['r4']);
  });

  it.each([
    ['not assigned to me', { assignedToMe: false }],
    ['already reviewed', { reviewResult: 'Approve' }],
    ['completed', { status: 'Completed' }],
    ['not started', { status: 'NotStarted' }],
    ['unknown status', { status: 'Teleporting' }],
    ['unknown result', { reviewResult: 'Maybe' }],
  ])('leaves out a stage that is %s', (_label, overrides) => {
    const r = request('r1');
    expect(buildQueue([r], new Map([approvalFor(r, [stage('s', overrides as Partial<ApprovalStage>)])]), ctx)).toEqual([]);
  });

  it('picks my stage among several and reports its 1-based index and count', () => {
    const r = request('r1');
    const stages = [stage('s1', { status: 'Completed', reviewResult: 'Approve', assignedToMe: false }), stage('s2'), stage('s3', { status: 'NotStarted' })];
    const [item] = buildQueue([r], new Map([approvalFor(r, stages)]), ctx);
    expect(item?.id).toBe('s2');
    expect(item?.stage).toEqual({ index: 2, count: 3, status: 'InProgress' });
  });

  it('includes SelfExtend and SelfRenew read-only', () => {
    const rs = [request('e', { requestType: 'SelfExtend' }), request('n', { requestType: 'SelfRenew' }), request('a', { requestType: 'AdminAssign' })];
    const queue = buildQueue(rs, new Map(rs.map((r) => approvalFor(r))), ctx);
    expect(Object.fromEntries(queue.map((i) => [i.requestName, i.actionable]))).toEqual({ e: false, n: false, a: true });
    expect(Object.fromEntries(queue.map((i) => [i.requestName, i.readOnly ?? null]))).toEqual({ e: 'portal-only', n: 'portal-only', a: null });
  });

  it('shows my own requests read-only when my principal id is known (no self-approval)', () => {
    const own = request('own', { requestorId: 'ME-1' });
    const other = request('other');
    const approvals = new Map([approvalFor(own), approvalFor(other)]);
    const queue = buildQueue([own, other], approvals, { ...ctx, principalId: 'me-1' });
    expect(Object.fromEntries(queue.map((i) => [i.requestName, i.actionable]))).toEqual({ own: false, other: true });
    expect(queue.find((i) => i.requestName === 'own')?.readOnly).toBe('own-request');
    expect(buildQueue([own], approvals, ctx)[0]?.actionable).toBe(true);
  });

  it('skips requests whose approval is unknown, without approvalId, or without createdOn', () => {
    const known = request('k');
    const rs = [request('u'), request('n', { approvalId: null }), request('c', { createdOn: null }), request('bad', { createdOn: 'yesterday' }), known];
    const approvals = new Map([approvalFor(known), approvalFor(rs[2] as ScheduleRequest), approvalFor(rs[3] as ScheduleRequest)]);
    expect(buildQueue(rs, approvals, ctx).map((i) => i.requestName)).toEqual(['k']);
  });

  it('matches approval ids case-insensitively', () => {
    const r = request('r1');
    const [key, approval] = approvalFor(r);
    expect(buildQueue([r], new Map([[key.toUpperCase(), approval]]), ctx)).toHaveLength(1);
  });

  it('keeps a pending item whose 24-hour window has closed by the local clock: only Azure says it expired', () => {
    const r = request('old', { createdOn: '2026-01-03T12:00:00Z' }); // a day past its window by this clock
    const fresh = request('fresh', { createdOn: '2026-01-04T12:00:01Z' });
    const queue = buildQueue([r, fresh], new Map([approvalFor(r), approvalFor(fresh)]), ctx);
    expect(queue.map((i) => [i.requestName, i.actionable])).toEqual([
      ['old', true],
      ['fresh', true],
    ]);
    expect(queue[0]?.expiresAt).toBe('2026-01-04T12:00:00.000Z'); // the window still says when it ran out
  });

  it('sorts by time left, soonest first, ties broken by stage id', () => {
    const rs = [
      request('late', { createdOn: '2026-01-05T11:00:00Z' }),
      request('tie-b', { createdOn: '2026-01-05T09:00:00Z' }),
      request('soon', { createdOn: '2026-01-05T07:00:00Z' }),
      request('tie-a', { createdOn: '2026-01-05T09:00:00Z' }),
    ];
    const queue = buildQueue(rs, new Map(rs.map((r) => approvalFor(r))), ctx);
    expect(queue.map((i) => i.requestName)).toEqual(['soon', 'tie-a', 'tie-b', 'late']);
    expect(buildQueue([...rs].reverse(), new Map(rs.map((r) => approvalFor(r))), ctx)).toEqual(queue);
  });

  it('never lists one stage twice', () => {
    const r = request('r1');
    expect(buildQueue([r, r], new Map([approvalFor(r)]), ctx)).toHaveLength(1);
  });

  it('falls back to requestorId and empty names when ARM left out expanded properties', () => {
    const r = request('r1', { principal: null, roleDefinition: null, scope: null });
    const [item] = buildQueue([r], new Map([approvalFor(r)]), ctx);
    expect(item).toMatchObject({ requester: { id: 'u1', displayName: '', upn: null }, role: { id: '', displayName: '' }, scope: { id: '', displayName: '', type: '' } });
  });

  it('bySoonestExpiry is a total order', () => {
    const a = { expiresAt: '2026-01-01T00:00:00Z', id: 'a' } as QueueItem;
    const b = { expiresAt: '2026-01-01T00:00:00Z', id: 'b' } as QueueItem;
    expect(bySoonestExpiry(a, b)).toBeLessThan(0);
    expect(bySoonestExpiry(b, a)).toBeGreaterThan(0);
    expect(bySoonestExpiry(a, a)).toBe(0);
  });
});
