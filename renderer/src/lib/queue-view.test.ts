import { describe, expect, it } from 'vitest';
import type { QueueItemDto } from '../../../preload/api';
import { applyFilter, byTimeLeft, filterChoices, isFiltered, NO_FILTER, roleChoice } from './queue-view';

function item(id: string, expiresAt: string, over: Partial<QueueItemDto> = {}): QueueItemDto {
  return {
    id,
    kind: 'azureResource',
    accountId: 'a',
    approvalId: 'ap',
    requestId: `req-${id}`,
    requestType: 'SelfActivate',
    requester: { id: 'u1', displayName: 'Ada Lovelace', upn: 'ada@contoso.com' },
    role: { id: 'r1', displayName: 'Owner' },
    scope: { id: '/subscriptions/1', displayName: 'Prod-Payments', type: 'subscription' },
    justification: 'Deploy hotfix INC-42',
    ticket: { number: 'INC-42', system: 'ServiceNow' },
    createdOn: '2026-11-23T10:00:00Z',
    expiresAt,
    startsAt: null,
    duration: 'PT2H',
    stage: { index: 1, count: 1, status: 'InProgress' },
    actionable: true,
    ...over,
  };
}

const items = [
  item('b', '2026-11-24T10:00:00Z'),
  item('a', '2026-11-24T09:00:00Z', { role: { id: 'r2', displayName: 'Reader' }, requester: { id: 'u2', displayName: 'Grace Hopper', upn: null } }),
  item('c', 'garbage'),
];

describe('queue view', () => {
  it('sorts by time left, unreadable expiry last', () => {
    expect(byTimeLeft(items).map((i) => i.id)).toEqual(['a', 'b', 'c']);
  });
  it('filters by text across names, scope and justification, all words must match', () => {
    expect(applyFilter(items, { ...NO_FILTER, text: 'grace' }).map((i) => i.id)).toEqual(['a']);
    expect(applyFilter(items, { ...NO_FILTER, text: 'hotfix owner' }).map((i) => i.id)).toEqual(['b', 'c']);
    expect(applyFilter(items, { ...NO_FILTER, text: 'prod-payments (subscription)' })).toHaveLength(3);
  });
  it('filters by role, scope and requester', () => {
    expect(applyFilter(items, { ...NO_FILTER, role: 'azureResource:Reader' }).map((i) => i.id)).toEqual(['a']);
    expect(applyFilter(items, { ...NO_FILTER, requester: 'u1' }).map((i) => i.id)).toEqual(['b', 'c']);
    expect(applyFilter(items, { ...NO_FILTER, scope: 'azureResource:/subscriptions/1' })).toHaveLength(3);
    expect(applyFilter(items, { ...NO_FILTER, scope: 'azureResource:/subscriptions/2' })).toEqual([]);
  });
  it('offers each filter value once, sorted', () => {
    const c = filterChoices(items);
    expect(c.kinds).toEqual([{ value: 'azureResource', label: 'Azure resource' }]);
    expect(c.roles.map((r) => r.label)).toEqual(['Owner', 'Reader']);
    expect(c.scopes).toEqual([{ value: 'azureResource:/subscriptions/1', label: 'Prod-Payments (subscription)' }]);
    expect(c.requesters.map((r) => r.label)).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });
});

describe('queue view across kinds', () => {
  const directory = { id: '/', displayName: 'Directory', type: 'directory' };
  const finance = { id: 'g-fin', displayName: 'Finance Admins' };
  const mixed = [
    item('arm', '2026-11-24T10:00:00Z'),
    item('ga', '2026-11-24T09:00:00Z', { kind: 'entraRole', role: { id: 'ga', displayName: 'Global Administrator' }, scope: directory }),
    item('own', '2026-11-24T08:00:00Z', { kind: 'group', access: 'owner', role: finance, scope: { ...finance, type: 'group' } }),
    item('mem', '2026-11-24T07:00:00Z', { kind: 'group', access: 'member', role: finance, scope: { ...finance, type: 'group' } }),
    // An Entra ID role and a group both called "Owner" are not the Azure resource role "Owner".
    item('eo', '2026-11-24T06:00:00Z', { kind: 'entraRole', role: { id: 'o', displayName: 'Owner' }, scope: directory }),
  ];
  const ids = (f: Partial<typeof NO_FILTER>) => applyFilter(mixed, { ...NO_FILTER, ...f }).map((i) => i.id);

  it('filters by kind', () => {
    expect(ids({ kind: 'entraRole' })).toEqual(['ga', 'eo']);
    expect(ids({ kind: 'group' })).toEqual(['own', 'mem']);
    expect(ids({ kind: 'azureResource' })).toEqual(['arm']);
    expect(isFiltered({ ...NO_FILTER, kind: 'group' })).toBe(true);
    expect(isFiltered(NO_FILTER)).toBe(false);
  });
  it('keeps roles of different kinds apart, and names a group role by its access', () => {
    expect(ids({ role: 'azureResource:Owner' })).toEqual(['arm']);
    expect(ids({ role: 'entraRole:Owner' })).toEqual(['eo']);
    expect(ids({ role: 'group:owner' })).toEqual(['own']);
    expect(roleChoice({ kind: 'group', role: finance })).toEqual({ value: 'group:', label: 'Group (access not given)' });
  });
  it('offers the kinds present in their fixed order, and names every choice by kind', () => {
    const c = filterChoices(mixed);
    expect(c.kinds.map((k) => k.label)).toEqual(['Azure resource', 'Entra ID role', 'PIM for Groups']);
    expect(filterChoices(mixed.slice(1)).kinds.map((k) => k.value)).toEqual(['entraRole', 'group']);
    expect(c.roles.map((r) => r.label)).toEqual(['Global Administrator (Entra ID)', 'Group member', 'Group owner', 'Owner', 'Owner (Entra ID)']);
    expect(c.scopes.map((s) => s.label)).toEqual(['Directory (Entra ID)', 'Finance Admins (group)', 'Prod-Payments (subscription)']);
  });
  it('searches the kind and the headline too', () => {
    expect(ids({ text: 'entra' })).toEqual(['ga', 'eo']);
    expect(ids({ text: 'entra id role global' })).toEqual(['ga']);
    expect(ids({ text: 'pim for groups' })).toEqual(['own', 'mem']);
    expect(ids({ text: 'member of finance' })).toEqual(['mem']);
    expect(ids({ text: 'azure resource' })).toEqual(['arm']);
  });
});

describe('queue view across tenants', () => {
  const contoso = { id: 't-contoso', name: 'Contoso' };
  const fabrikam = { id: 't-fabrikam', name: 'Fabrikam' };
  const two = [
    item('c1', '2026-11-24T09:00:00Z', { tenant: contoso, accountId: 'me.t-contoso' }),
    item('f1', '2026-11-24T09:30:00Z', { tenant: fabrikam, accountId: 'me.t-fabrikam', role: { id: 'r9', displayName: 'Contributor' } }),
    item('c2', '2026-11-24T10:00:00Z', { tenant: contoso, accountId: 'me.t-contoso', role: { id: 'r9', displayName: 'Contributor' } }),
  ];
  it('shows one tenant’s requests only, by tenant id', () => {
    expect(applyFilter(two, { ...NO_FILTER, tenant: 't-fabrikam' }).map((i) => i.id)).toEqual(['f1']);
    expect(applyFilter(two, { ...NO_FILTER, tenant: 't-contoso', role: 'azureResource:Contributor' }).map((i) => i.id)).toEqual(['c2']);
    expect(isFiltered({ ...NO_FILTER, tenant: 't-contoso' })).toBe(true);
  });
  it('finds a request by its tenant’s name', () => {
    expect(applyFilter(two, { ...NO_FILTER, text: 'fabrikam' }).map((i) => i.id)).toEqual(['f1']);
  });
  it('offers each tenant once, and tells apart two that share a name', () => {
    expect(filterChoices(two).tenants).toEqual([
      { value: 't-contoso', label: 'Contoso' },
      { value: 't-fabrikam', label: 'Fabrikam' },
    ]);
    const twin = item('x', '2026-11-24T11:00:00Z', { tenant: { id: 't-other', name: 'Contoso' } });
    expect(filterChoices([...two, twin]).tenants.map((c) => c.label)).toEqual(['Contoso (t-contoso)', 'Contoso (t-other)', 'Fabrikam']);
    expect(filterChoices(items).tenants).toEqual([]);
  });
});
