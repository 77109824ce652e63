import { describe, expect, it } from 'vitest';
import { ItemKind } from './state';
import { isDirectoryWide, itemHeadline, itemHeadlineParts, KIND_ORDER, kindLabel, kindPermission, kindStatusLabel, kindStatusLine, namesTenants, tenantName } from './item-labels';

const azure = { kind: 'azureResource' as const, role: { displayName: 'Owner' }, scope: { id: '/subscriptions/1', displayName: 'Prod-Payments' } };
const entra = { kind: 'entraRole' as const, role: { displayName: 'Global Administrator' }, scope: { id: '/', displayName: 'Directory' } };
const group = (access?: 'member' | 'owner') => ({ kind: 'group' as const, access, role: { displayName: 'Finance Admins' }, scope: { id: 'g1', displayName: 'Finance Admins' } });

describe('kinds', () => {
  it('lists every kind of the contract once, in the fixed order', () => {
    expect(KIND_ORDER).toEqual(ItemKind.options);
  });
  it('names each kind, and the Graph permission only the Graph kinds need', () => {
    expect(KIND_ORDER.map(kindLabel)).toEqual(['Azure resource', 'Entra ID role', 'PIM for Groups']);
    expect(KIND_ORDER.map(kindPermission)).toEqual([null, 'RoleAssignmentSchedule.ReadWrite.Directory', 'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup']);
  });
  it('says a kind’s status in words, with its reason when there is one', () => {
    expect(kindStatusLabel('active')).toBe('Active');
    expect(kindStatusLabel('off')).toBe('Off');
    expect(kindStatusLabel('checking')).toBe('Checking…');
    expect(kindStatusLine({ kind: 'group', status: 'off', reason: 'Graph refused (403)' })).toBe('PIM for Groups: Off — Graph refused (403)');
    expect(kindStatusLine({ kind: 'azureResource', status: 'active', reason: '  ' })).toBe('Azure resource: Active');
  });
});

describe('itemHeadline', () => {
  it('names an Azure resource role as role on scope', () => {
    expect(itemHeadline(azure)).toBe('Owner on Prod-Payments');
    expect(itemHeadline({ ...azure, scope: { displayName: '' } })).toBe('Owner');
    expect(itemHeadline({ ...azure, role: { displayName: '' } })).toBe('A role on Prod-Payments');
  });
  it('names an Entra ID role by the role, and its scope only when narrower than the directory', () => {
    expect(itemHeadline(entra)).toBe('Global Administrator (Entra ID)');
    expect(itemHeadline({ ...entra, scope: { displayName: 'Directory' } })).toBe('Global Administrator (Entra ID)');
    expect(itemHeadline({ ...entra, scope: { id: '/administrativeUnits/au1', displayName: '/administrativeUnits/au1' } })).toBe('Global Administrator on /administrativeUnits/au1 (Entra ID)');
    expect(itemHeadline({ ...entra, role: { displayName: '' } }, 'Some role')).toBe('Some role (Entra ID)');
  });
  it('names a group request by the access asked for, never guessing an unknown one', () => {
    expect(itemHeadline(group('member'))).toBe('Member of Finance Admins (group)');
    expect(itemHeadline(group('owner'))).toBe('Owner of Finance Admins (group)');
    expect(itemHeadline(group())).toBe('Finance Admins (group)');
    expect(itemHeadline({ ...group('owner'), scope: { id: 'g1', displayName: '' } })).toBe('Owner of Finance Admins (group)');
    expect(itemHeadline({ ...group('member'), role: { displayName: '' }, scope: { displayName: '' } })).toBe('Member of an unnamed group');
    expect(itemHeadline({ ...group(), role: { displayName: '' }, scope: { displayName: '' } })).toBe('An unnamed group');
  });
  it('marks which pieces are tenant text', () => {
    expect(itemHeadlineParts(azure)).toEqual([
      { text: 'Owner', tenant: true },
      { text: ' on ', tenant: false },
      { text: 'Prod-Payments', tenant: true },
    ]);
    expect(itemHeadlineParts(group('owner')).filter((p) => p.tenant).map((p) => p.text)).toEqual(['Finance Admins']);
    expect(itemHeadlineParts(entra).filter((p) => p.tenant).map((p) => p.text)).toEqual(['Global Administrator']);
  });
  it('keeps tenant text as written: markup and bidi controls are the caller’s to isolate', () => {
    const hostile = { ...azure, role: { displayName: '<b>x</b>\u202e' } };
    expect(itemHeadline(hostile)).toBe('<b>x</b>\u202e on Prod-Payments');
  });
  it('tells directory-wide from narrower scopes', () => {
    expect(isDirectoryWide({ id: '/', displayName: 'Directory' })).toBe(true);
    expect(isDirectoryWide({ displayName: 'Directory' })).toBe(true);
    expect(isDirectoryWide({ id: '/administrativeUnits/au1', displayName: '/administrativeUnits/au1' })).toBe(false);
  });
});

describe('tenants', () => {
  it('names tenants only once more than one account is present', () => {
    expect(namesTenants(undefined)).toBe(false);
    expect(namesTenants([{ id: 'a' }])).toBe(false);
    expect(namesTenants([{ id: 'a' }, { id: 'b' }])).toBe(true);
  });
  it('names a tenant by its display name, else its id', () => {
    expect(tenantName({ tenant: { id: 't-1', name: 'Contoso' } })).toBe('Contoso');
    expect(tenantName({ tenant: { id: 't-1', name: ' ' } })).toBe('t-1');
    expect(tenantName({})).toBe('');
  });
});
