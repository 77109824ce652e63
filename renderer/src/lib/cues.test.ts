import { describe, expect, it } from 'vitest';
import { cuesFor, isHighPrivilege, isOutsideWorkingHours } from './cues';

// Local-time dates, so the test means the same in any time zone.
const local = (y: number, mo: number, d: number, h: number) => new Date(y, mo - 1, d, h, 0).toISOString();
const item = (over: Partial<Parameters<typeof cuesFor>[0]> = {}): Parameters<typeof cuesFor>[0] => ({
  kind: 'azureResource',
  role: { id: 'r', displayName: 'Reader' },
  scope: { id: '/subscriptions/1/resourceGroups/rg', displayName: 'rg', type: 'resourcegroup' },
  createdOn: local(2026, 11, 23, 10), // a Monday morning
  duration: 'PT2H',
  ...over,
});

describe('cues', () => {
  it('has no cue for a small, daytime, short request', () => {
    expect(cuesFor(item())).toEqual([]);
  });
  it('flags high-privilege roles, and Contributor only across a management group', () => {
    expect(isHighPrivilege('Owner', 'resourcegroup')).toBe(true);
    expect(isHighPrivilege('User Access Administrator', 'subscription')).toBe(true);
    expect(isHighPrivilege('Role Based Access Control Administrator', 'subscription')).toBe(true);
    expect(isHighPrivilege('Contributor', 'subscription')).toBe(false);
    expect(isHighPrivilege('Contributor', 'managementgroup')).toBe(true);
  });
  it('flags scope breadth', () => {
    expect(cuesFor(item({ scope: { id: '/subscriptions/1', displayName: 'Prod', type: 'subscription' } })).map((c) => c.id)).toEqual(['subscription-wide']);
    expect(cuesFor(item({ scope: { id: '/providers/Microsoft.Management/managementGroups/mg', displayName: 'MG', type: 'managementgroup' } })).map((c) => c.id)).toEqual(['management-group-wide']);
  });
  it('flags requests made outside 08:00–18:00 or on a weekend', () => {
    expect(isOutsideWorkingHours(local(2026, 11, 23, 7))).toBe(true);
    expect(isOutsideWorkingHours(local(2026, 11, 23, 8))).toBe(false);
    expect(isOutsideWorkingHours(local(2026, 11, 23, 17))).toBe(false);
    expect(isOutsideWorkingHours(local(2026, 11, 23, 18))).toBe(true);
    expect(isOutsideWorkingHours(local(2026, 11, 22, 12))).toBe(true); // Sunday
    expect(isOutsideWorkingHours('garbage')).toBe(false);
  });
  it('flags high-privilege Entra ID roles, whatever the case or spacing', () => {
    for (const role of ['Global Administrator', 'Privileged Role Administrator', 'Privileged Authentication Administrator', 'Security Administrator', 'Application Administrator', 'Cloud Application Administrator', 'Exchange Administrator', 'SharePoint Administrator', 'Intune Administrator', 'User Administrator', 'Conditional Access Administrator']) {
      expect(isHighPrivilege(role, 'directory', 'entraRole'), role).toBe(true);
    }
    expect(isHighPrivilege('global  administrator ', 'directory', 'entraRole')).toBe(true);
    expect(isHighPrivilege('Reports Reader', 'directory', 'entraRole')).toBe(false);
    expect(isHighPrivilege('Global Reader', 'directory', 'entraRole')).toBe(false);
    // Azure's and Entra's lists stay apart: "Owner" is not an Entra role, nor a group's name a role.
    expect(isHighPrivilege('Owner', 'directory', 'entraRole')).toBe(false);
    expect(isHighPrivilege('Global Administrator', 'subscription')).toBe(false);
    expect(isHighPrivilege('Owner', 'group', 'group')).toBe(false);
  });
  it('says when an Entra ID role covers the whole directory', () => {
    const ga = item({ kind: 'entraRole', role: { id: 'ga', displayName: 'Global Administrator' }, scope: { id: '/', displayName: 'Directory', type: 'directory' } });
    expect(cuesFor(ga).map((c) => c.label)).toEqual(['High privilege', 'Directory-wide']);
    expect(cuesFor(ga)[0]?.reason).toMatch(/Entra ID/);
    const scoped = item({ kind: 'entraRole', role: { id: 'ua', displayName: 'User Administrator' }, scope: { id: '/administrativeUnits/au', displayName: '/administrativeUnits/au', type: 'directory' } });
    expect(cuesFor(scoped).map((c) => c.id)).toEqual(['high-privilege']);
    expect(cuesFor(item({ kind: 'entraRole', role: { id: 'x', displayName: 'Reports Reader' }, scope: { id: '/', displayName: 'Directory', type: 'directory' } })).map((c) => c.id)).toEqual(['directory-wide']);
  });
  it('warns that a group owner can change its members, and not for members', () => {
    const group = { id: 'g', displayName: 'Finance Admins' };
    const owner = item({ kind: 'group', access: 'owner', role: group, scope: { ...group, type: 'group' } });
    expect(cuesFor(owner).map((c) => c.id)).toEqual(['group-owner']);
    expect(cuesFor(owner)[0]?.reason).toMatch(/members/);
    expect(cuesFor({ ...owner, access: 'member' })).toEqual([]);
    expect(cuesFor({ ...owner, access: undefined })).toEqual([]);
  });
  it('flags durations over 8 hours', () => {
    expect(cuesFor(item({ duration: 'PT8H' }))).toEqual([]);
    expect(cuesFor(item({ duration: 'PT8H1M' })).map((c) => c.label)).toEqual(['Long duration']);
    expect(cuesFor(item({ duration: null }))).toEqual([]);
  });
});
