import { describe, expect, it } from 'vitest';
import { parseGraphApproval, parseGraphPage, parseGraphRequest } from './parse';

const entraRequest = {
  id: '11111111-0000-0000-0000-000000000001',
  status: 'PendingApproval',
  action: 'selfActivate',
  principalId: 'p1',
  roleDefinitionId: 'r1',
  directoryScopeId: '/',
  justification: 'Incident INC-9',
  createdDateTime: '2026-11-23T10:00:00Z',
  approvalId: 'a1',
  scheduleInfo: { startDateTime: null, expiration: { type: 'afterDuration', duration: 'PT2H', endDateTime: null } },
  ticketInfo: { ticketNumber: 'INC-9', ticketSystem: 'ServiceNow' },
  createdBy: { user: { id: 'p1', displayName: 'Ada' } },
  principal: { '@odata.type': '#microsoft.graph.user', id: 'p1', displayName: 'Ada Lovelace', userPrincipalName: 'ada@contoso.com' },
  roleDefinition: { id: 'r1', displayName: 'Global Administrator', templateId: 'r1' },
};

describe('parseGraphRequest', () => {
  it('reads an Entra ID role request with its names', () => {
    const parsed = parseGraphRequest('entraRole', entraRequest);
    expect(parsed).toMatchObject({
      ok: true,
      value: {
        kind: 'entraRole',
        role: { id: 'r1', displayName: 'Global Administrator' },
        scope: { id: '/', displayName: 'Directory', type: 'directory' },
        principal: { id: 'p1', displayName: 'Ada Lovelace', type: 'User', email: 'ada@contoso.com' },
        createdById: 'p1',
        duration: 'PT2H',
        ticketNumber: 'INC-9',
        access: null,
      },
    });
  });

  it('reads a group request with its access type and group name', () => {
    const { roleDefinition: _r, roleDefinitionId: _rid, directoryScopeId: _d, ...rest } = entraRequest;
    const parsed = parseGraphRequest('group', { ...rest, accessId: 'owner', groupId: 'g1', group: { id: 'g1', displayName: 'Finance Admins' } });
    expect(parsed).toMatchObject({ ok: true, value: { kind: 'group', access: 'owner', role: { id: 'g1', displayName: 'Finance Admins' }, scope: { type: 'group' } } });
    // Only a group Graph marks role-assignable carries the mark (High privilege in every surface).
    expect(parsed.ok && 'roleAssignable' in parsed.value.scope).toBe(false);
    const assignable = parseGraphRequest('group', { ...rest, accessId: 'member', groupId: 'g1', group: { id: 'g1', displayName: 'Tier 0 Admins', isAssignableToRole: true } });
    expect(assignable).toMatchObject({ ok: true, value: { scope: { displayName: 'Tier 0 Admins', roleAssignable: true } } });
  });

  it('keeps unknown statuses and actions as text, and an unknown access type as none', () => {
    const parsed = parseGraphRequest('group', { ...entraRequest, status: 'SomethingNew', action: 'futureAction', accessId: 'unknownFutureValue' });
    expect(parsed).toMatchObject({ ok: true, value: { status: 'SomethingNew', action: 'futureAction', access: null } });
  });

  it('reads a request whose relationships were not expanded: ids kept, the requester named from createdBy', () => {
    const { principal: _p, roleDefinition: _r, ...bare } = entraRequest;
    const parsed = parseGraphRequest('entraRole', bare);
    expect(parsed).toMatchObject({
      ok: true,
      value: { principal: { id: 'p1', displayName: 'Ada', type: '', email: null }, role: { id: 'r1', displayName: '' }, createdById: 'p1' },
    });
    // Someone else's name is never borrowed for the target.
    const forOther = parseGraphRequest('entraRole', { ...bare, principalId: 'p2' });
    expect(forOther.ok && forOther.value.principal).toEqual({ id: 'p2', displayName: '', type: '', email: null });
    expect(parseGraphRequest('group', { ...bare, accessId: 'member', groupId: 'g1' })).toMatchObject({ ok: true, value: { role: { id: 'g1', displayName: '' }, scope: { id: 'g1', type: 'group' } } });
  });

  it('reads a service principal without a UPN, and an application as the one who asked', () => {
    const parsed = parseGraphRequest('entraRole', {
      ...entraRequest,
      principalId: 'sp1',
      principal: { '@odata.type': '#microsoft.graph.servicePrincipal', id: 'sp1', displayName: 'deploy-pipeline' },
      createdBy: { application: { id: 'sp1', displayName: 'deploy-pipeline' } },
    });
    expect(parsed).toMatchObject({ ok: true, value: { principal: { id: 'sp1', displayName: 'deploy-pipeline', type: 'ServicePrincipal', email: null }, createdById: 'sp1' } });
  });

  it("takes a pending group request's own id as its approval id when Graph leaves approvalId out (they are equal there)", () => {
    const group = { ...entraRequest, accessId: 'member', groupId: 'g1', approvalId: null };
    expect(parseGraphRequest('group', group)).toMatchObject({ ok: true, value: { id: entraRequest.id, approvalId: entraRequest.id } });
    expect(parseGraphRequest('group', { ...group, approvalId: 'g-approval' })).toMatchObject({ ok: true, value: { approvalId: 'g-approval' } });
    // Not pending: no approval to read. An Entra ID approval has an id of its own.
    expect(parseGraphRequest('group', { ...group, status: 'Granted' })).toMatchObject({ ok: true, value: { approvalId: null } });
    expect(parseGraphRequest('entraRole', { ...entraRequest, approvalId: null })).toMatchObject({ ok: true, value: { approvalId: null } });
  });

  it('names the field when the shape is wrong', () => {
    const parsed = parseGraphRequest('entraRole', { ...entraRequest, status: 42 });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.error.kind).toBe('parse');
      expect(parsed.error.message).toMatch(/^Microsoft Graph sent a role assignment request in an unexpected shape: status/);
    }
  });
});

describe('parseGraphApproval', () => {
  const step = { id: 's1', displayName: null, status: 'InProgress', reviewResult: 'NotReviewed', assignedToMe: true, reviewedBy: null, reviewedDateTime: null, justification: null };

  it('turns steps into stages whose ids are the Graph paths decisions go to', () => {
    const parsed = parseGraphApproval('entraRole', { id: 'a1', steps: [step] });
    expect(parsed).toMatchObject({ ok: true, value: { id: 'a1', stages: [{ id: '/beta/roleManagement/directory/roleAssignmentApprovals/a1/steps/s1', assignedToMe: true, status: 'InProgress' }] } });
  });

  it('reads group stages, spells results the ARM way and treats the all-zero reviewer as nobody', () => {
    const parsed = parseGraphApproval('group', {
      id: 'a2',
      stages: [
        { ...step, reviewResult: 'Approved', status: 'Completed', reviewedBy: { id: 'u2', displayName: 'Sam Okafor' } },
        { ...step, id: 's2', reviewedBy: { id: '00000000-0000-0000-0000-000000000000', displayName: '' } },
      ],
    });
    expect(parsed.ok).toBe(true);
    if (parsed.ok) {
      expect(parsed.value.stages[0]).toMatchObject({ id: '/v1.0/identityGovernance/privilegedAccess/group/assignmentApprovals/a2/stages/s1', reviewResult: 'Approve', reviewedBy: { id: 'u2', displayName: 'Sam Okafor' } });
      expect(parsed.value.stages[1]?.reviewedBy).toBeNull();
    }
  });

  it("reads a reviewer as Graph's identity model has it: no UPN, perhaps no name", () => {
    const parsed = parseGraphApproval('entraRole', {
      id: 'a1',
      steps: [
        { ...step, status: 'Completed', reviewResult: 'Denied', reviewedBy: { id: 'u2', displayName: 'Sam Okafor' } },
        { ...step, id: 's2', status: 'Completed', reviewResult: 'Approved', reviewedBy: { id: 'u3' } },
      ],
    });
    expect(parsed.ok && parsed.value.stages.map((s) => [s.reviewResult, s.reviewedBy])).toEqual([
      ['Deny', { id: 'u2', displayName: 'Sam Okafor', type: '', email: null }],
      ['Approve', { id: 'u3', displayName: '', type: '', email: null }],
    ]);
  });

  it('refuses a stage id that would leave the approval path', () => {
    const parsed = parseGraphApproval('entraRole', { id: 'a1', steps: [{ ...step, id: '' }] });
    expect(parsed.ok).toBe(false);
  });
});

describe('parseGraphPage', () => {
  it('reads @odata.nextLink, not ARM nextLink', () => {
    expect(parseGraphPage({ value: [1], '@odata.nextLink': 'https://graph.microsoft.com/v1.0/x?$skiptoken=2' })).toEqual({
      ok: true,
      value: { items: [1], nextLink: 'https://graph.microsoft.com/v1.0/x?$skiptoken=2' },
    });
    expect(parseGraphPage({ value: [], nextLink: 'https://evil.example/' })).toEqual({ ok: true, value: { items: [], nextLink: null } });
    expect(parseGraphPage({ items: [] }).ok).toBe(false);
  });
});
