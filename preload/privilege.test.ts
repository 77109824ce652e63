import { describe, expect, it } from 'vitest';
import { isHighPrivilege, itemIsHighPrivilege } from './privilege';

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
    expect(itemIsHighPrivilege({ kind: 'azureResource', role: { displayName: 'Owner' }, scope: { type: 'subscription' } })).toBe(true);
  });
});
