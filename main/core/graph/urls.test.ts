import { describe, expect, it } from 'vitest';
import { approvalUrl, kindOfStagePath, pendingUrl, stagePath, stageUrl } from './urls';

const origin = 'https://graph.microsoft.com';

describe('Graph URLs', () => {
  it('lists what waits for me with the PendingApproval filter and the names expanded', () => {
    const entra = new URL(pendingUrl(origin, 'entraRole'));
    expect(entra.pathname).toBe("/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='approver')");
    expect(entra.searchParams.get('$filter')).toBe("status eq 'PendingApproval'");
    expect(entra.searchParams.get('$expand')).toBe('principal,roleDefinition');
    const group = new URL(pendingUrl(origin, 'group'));
    expect(group.pathname).toBe("/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/filterByCurrentUser(on='approver')");
    expect(group.searchParams.get('$expand')).toBe('principal,group');
  });

  it('builds stage paths the decision goes to, steps for Entra ID and stages for groups', () => {
    expect(stagePath('entraRole', 'a1', 's1')).toBe('/beta/roleManagement/directory/roleAssignmentApprovals/a1/steps/s1');
    expect(stagePath('group', 'a1', 's1')).toBe('/v1.0/identityGovernance/privilegedAccess/group/assignmentApprovals/a1/stages/s1');
    expect(kindOfStagePath(stagePath('entraRole', 'a1', 's1'))).toBe('entraRole');
    expect(kindOfStagePath(stagePath('group', 'a1', 's1'))).toBe('group');
  });

  it.each([
    ['an ARM stage id', '/providers/Microsoft.Authorization/roleAssignmentApprovals/a/stages/s'],
    ['a dot segment', '/beta/roleManagement/directory/roleAssignmentApprovals/../steps/s'],
    ['an absolute URL', 'https://evil.example/beta/roleManagement/directory/roleAssignmentApprovals/a/steps/s'],
    ['a query', '/beta/roleManagement/directory/roleAssignmentApprovals/a/steps/s?x=1'],
    ['an encoded slash', '/beta/roleManagement/directory/roleAssignmentApprovals/a%2Fb/steps/s'],
    ['an extra segment', '/beta/roleManagement/directory/roleAssignmentApprovals/a/steps/s/x'],
  ])('refuses %s as a stage path, so no token is sent for it', (_what, path) => {
    expect(kindOfStagePath(path)).toBeNull();
    expect(stageUrl(origin, path)).toBeNull();
  });

  it('refuses approval ids that are not plain ids', () => {
    expect(approvalUrl(origin, 'entraRole', 'abc-123')).toBe(`${origin}/beta/roleManagement/directory/roleAssignmentApprovals/abc-123`);
    expect(approvalUrl(origin, 'group', '../me')).toBeNull();
    expect(approvalUrl(origin, 'group', 'a/b')).toBeNull();
    expect(approvalUrl(origin, 'group', '')).toBeNull();
  });
});
