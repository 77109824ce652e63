import { describe, expect, it } from 'vitest';
import type { Approval } from '../arm/types';
import type { GraphRequest } from '../graph/types';
import { buildGraphQueue } from './graph-item';

function graphRequest(id: string, createdDateTime: string): GraphRequest {
  return {
    kind: 'entraRole',
    id,
    status: 'PendingApproval',
    action: 'selfActivate',
    approvalId: `ap-${id}`,
    principal: { id: 'u1', displayName: 'Ada', type: 'User', email: null },
    createdById: 'u1',
    role: { id: 'r', displayName: 'Global Administrator', type: 'directoryRole' },
    scope: { id: '/', displayName: 'Directory', type: 'directory' },
    access: null,
    justification: null,
    ticketNumber: null,
    ticketSystem: null,
    createdDateTime,
    startDateTime: null,
    duration: null,
  };
}

function approvalFor(r: GraphRequest): [string, Approval] {
  const stage = { id: `/x/${r.id}/steps/s`, name: 's', displayName: null, status: 'InProgress', reviewResult: 'NotReviewed', assignedToMe: true, reviewedBy: null, reviewedDateTime: null, justification: null };
  return [r.approvalId as string, { id: r.approvalId as string, name: r.id, stages: [stage] }];
}

describe('buildGraphQueue', () => {
  it('keeps a pending request whose window closed by the local clock: only Graph says it expired', () => {
    const old = graphRequest('old', '2026-01-01T08:00:00Z');
    const fresh = graphRequest('fresh', '2026-01-05T08:00:00Z');
    const queue = buildGraphQueue([old, fresh], new Map([approvalFor(old), approvalFor(fresh)]), { accountId: 'a', now: Date.parse('2026-01-05T12:00:00Z') });
    expect(queue.map((i) => [i.requestId, i.actionable])).toEqual([
      ['old', true],
      ['fresh', true],
    ]);
  });

  it('carries a role-assignable group onto the item, and no mark for other groups', () => {
    const group = (id: string, roleAssignable: boolean): GraphRequest => ({
      ...graphRequest(id, '2026-01-05T08:00:00Z'),
      kind: 'group',
      access: 'member',
      role: { id: `g-${id}`, displayName: `Group ${id}`, type: 'group' },
      scope: { id: `g-${id}`, displayName: `Group ${id}`, type: 'group', ...(roleAssignable ? { roleAssignable: true } : {}) },
    });
    const [tier0, plain] = [group('t0', true), group('p', false)];
    const queue = buildGraphQueue([tier0, plain], new Map([approvalFor(tier0), approvalFor(plain)]), { accountId: 'a', now: Date.parse('2026-01-05T12:00:00Z') });
    expect(queue.map((i) => [i.requestId, i.scope.roleAssignable ?? false]).sort()).toEqual([
      ['p', false],
      ['t0', true],
    ]);
  });
});
