import { describe, expect, it } from 'vitest';
import { parseApproval, parsePage, parseScheduleRequest, parseStage } from './parse';
import { fixtures } from '../../../test/kit/loopback-server';

// Shaped like shared/spec/arm-2021-01-01-preview/examples/GetRoleAssignmentApprovalById.json,
// including its quirk: the embedded stage's name differs from the last segment of its id.
const specApproval = {
  id: '/providers/Microsoft.Authorization/roleAssignmentApprovals/488a6d0e-0a63-4946-86e3-1f5bbc934661',
  type: 'Microsoft.Authorization/roleAssignmentApprovals/stages',
  name: '488a6d0e-0a63-4946-86e3-1f5bbc934661',
  properties: {
    stages: [
      {
        id: '/providers/Microsoft.Authorization/roleAssignmentApprovals/488a6d0e-0a63-4946-86e3-1f5bbc934661/stages/4135f961-be78-4005-8101-c72a5af307a2',
        type: 'Microsoft.Authorization/roleAssignmentApprovals/stages',
        name: 'fa73e90b-5bf1-45fd-a182-35ce5fc0674d',
        properties: { displayName: 'Vice President Approval Step', assignedToMe: true, status: 'InProgress', reviewedBy: null, reviewedDateTime: null, reviewResult: 'NotReviewed', justification: '' },
      },
    ],
  },
};

describe('parse', () => {
  it('reads the spec example approval and keeps the stage id as returned', () => {
    const parsed = parseApproval(specApproval);
    expect(parsed.ok && parsed.value.stages[0]).toMatchObject({
      id: specApproval.properties.stages[0]?.id,
      name: 'fa73e90b-5bf1-45fd-a182-35ce5fc0674d',
      status: 'InProgress',
      reviewResult: 'NotReviewed',
      assignedToMe: true,
      reviewedBy: null,
    });
  });

  it('maps reviewedBy to a principal', () => {
    const parsed = parseStage(fixtures.stage('a', 's', { reviewedBy: { principalType: 'user', principalId: 'p1', principalName: 'Shubham Gupta', userPrincipalName: 'shugup@microsoft.com' } }));
    expect(parsed.ok && parsed.value.reviewedBy).toEqual({ id: 'p1', displayName: 'Shubham Gupta', type: 'user', email: 'shugup@microsoft.com' });
  });

  it('flattens a schedule request', () => {
    const parsed = parseScheduleRequest(fixtures.request('r1'));
    expect(parsed.ok && parsed.value).toMatchObject({
      name: 'r1',
      status: 'PendingApproval',
      requestType: 'SelfActivate',
      approvalId: fixtures.approvalId('a-r1'),
      principal: { id: 'user-1', displayName: 'Ada Lovelace', email: 'ada@example.com', type: 'User' },
      roleDefinition: { displayName: 'Contributor' },
      scope: { id: '/subscriptions/sub1', displayName: 'Production', type: 'subscription' },
      ticketNumber: 'T-1',
      ticketSystem: 'Jira',
      duration: 'PT8H',
      expirationType: 'AfterDuration',
    });
  });

  it('tolerates missing optional parts and null everywhere', () => {
    const parsed = parseScheduleRequest({ id: '/x/r', properties: { status: 'Granted', principalId: 'p', expandedProperties: null, scheduleInfo: null, ticketInfo: null } });
    expect(parsed.ok && parsed.value).toMatchObject({ name: 'r', principal: { id: 'p', displayName: '' }, roleDefinition: null, scope: null, duration: null, ticketNumber: null });
    const stage = parseStage({ id: '/x/stages/s' });
    expect(stage.ok && stage.value).toMatchObject({ name: 's', status: 'Unknown', reviewResult: 'Unknown', assignedToMe: false });
    const approval = parseApproval({ id: '/x/a' });
    expect(approval.ok && approval.value.stages).toEqual([]);
  });

  it('keeps unknown enum values as strings', () => {
    const stage = parseStage(fixtures.stage('a', 's', { status: 'Hibernating', reviewResult: 'Abstain' }));
    expect(stage.ok && stage.value).toMatchObject({ status: 'Hibernating', reviewResult: 'Abstain' });
  });

  it.each([
    ['a number for a string', () => parseStage(fixtures.stage('a', 's', { status: 7 })), /properties\.status/],
    ['a string for a boolean', () => parseStage(fixtures.stage('a', 's', { assignedToMe: 'yes' })), /properties\.assignedToMe/],
    ['no id', () => parseScheduleRequest({ properties: { status: 'PendingApproval' } }), /id/],
    ['not an object', () => parseApproval('nope'), /approval/],
    ['a bad embedded stage', () => parseApproval({ id: '/a', properties: { stages: [{ id: 5 }] } }), /stage 0/],
    ['a page without value', () => parsePage({ items: [] }), /value/],
  ])('reports %s as a parse error, without throwing', (_label, parse, message) => {
    const result = parse();
    expect(result).toMatchObject({ ok: false, error: { kind: 'parse' } });
    expect(!result.ok && result.error.message).toMatch(message);
  });
});
