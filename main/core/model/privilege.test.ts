import { describe, expect, it } from 'vitest';
import { isHighPrivilege, isHighPrivilegeGroup, itemIsHighPrivilege } from './privilege';

describe('isHighPrivilege', () => {
  it('marks roles that can grant access or change everything in scope', () => {
    expect(isHighPrivilege('Owner', 'subscription')).toBe(true);
    expect(isHighPrivilege('  user   access administrator ', 'resourcegroup')).toBe(true);
    expect(isHighPrivilege('Contributor', 'subscription')).toBe(false);
    expect(isHighPrivilege('Contributor', 'managementgroup')).toBe(true);
    expect(isHighPrivilege('Key Vault Administrator', 'resourcegroup')).toBe(false);
    expect(isHighPrivilege('Global Administrator', 'directory', 'entraRole')).toBe(true);
    expect(isHighPrivilege('Reports Reader', 'directory', 'entraRole')).toBe(false);
    expect(isHighPrivilege('Owner', 'group', 'group')).toBe(false);
  });

  it('reads a queue item the same way', () => {
    expect(itemIsHighPrivilege({ kind: 'azureResource', role: { displayName: 'Owner' }, scope: { type: 'subscription', displayName: 'Prod' } })).toBe(true);
  });

  const group = (displayName: string, roleAssignable?: boolean) => ({ kind: 'group' as const, role: { displayName }, scope: { type: 'group', displayName, ...(roleAssignable === undefined ? {} : { roleAssignable }) } });
  it('marks a group that can hold Entra ID roles, or one named in Settings (whole name, any case)', () => {
    expect(itemIsHighPrivilege(group('Finance Admins', true))).toBe(true);
    expect(itemIsHighPrivilege(group('Finance Admins', false))).toBe(false);
    expect(itemIsHighPrivilege(group('Finance Admins'), ['  finance ADMINS '])).toBe(true);
    expect(itemIsHighPrivilege(group('Finance Admins Readers'), ['Finance Admins'])).toBe(false);
    expect(isHighPrivilegeGroup(group(''), [''])).toBe(false);
    // The rule is for groups only: an Azure role named like a listed group gains nothing.
    expect(isHighPrivilegeGroup({ kind: 'azureResource', scope: { displayName: 'Finance Admins' } }, ['Finance Admins'])).toBe(false);
  });
});
