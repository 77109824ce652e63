import { describe, expect, it } from 'vitest';
import { cuesFor, isHighPrivilege, isOutsideWorkingHours, workingHoursWords } from './cues';

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
  it('applies the approver\'s working hours to the requested start, not to when it was asked', () => {
    const lateStart = item({ createdOn: local(2026, 11, 23, 10), startsAt: local(2026, 11, 23, 21) });
    expect(cuesFor(lateStart).map((c) => c.id)).toEqual(['outside-hours']);
    expect(cuesFor(lateStart)[0]?.reason).toMatch(/Mon–Fri 08:00–18:00/);
    // Asked at night for a start in the working day: nothing to look at twice.
    expect(cuesFor(item({ createdOn: local(2026, 11, 22, 23), startsAt: local(2026, 11, 23, 9) }))).toEqual([]);
    // Starts on approval: the request's own time stands for the start.
    expect(cuesFor(item({ createdOn: local(2026, 11, 23, 19), startsAt: null })).map((c) => c.id)).toEqual(['outside-hours']);
  });
  it('reads working hours the user set, including a night shift past midnight', () => {
    const nights = { days: [1, 2, 3, 4, 5], start: '22:00', end: '06:00' };
    expect(isOutsideWorkingHours(local(2026, 11, 23, 23), nights)).toBe(false); // Monday night
    expect(isOutsideWorkingHours(local(2026, 11, 24, 5), nights)).toBe(false); // early Tuesday, Monday's shift
    expect(isOutsideWorkingHours(local(2026, 11, 23, 5), nights)).toBe(true); // early Monday: Sunday had no shift
    expect(isOutsideWorkingHours(local(2026, 11, 23, 12), nights)).toBe(true);
    expect(cuesFor(item({ createdOn: local(2026, 11, 23, 12) }), { workingHours: nights }).map((c) => c.id)).toEqual(['outside-hours']);
    expect(isOutsideWorkingHours(local(2026, 11, 22, 12), { days: [0], start: '00:00', end: '00:00' })).toBe(false);
    expect(workingHoursWords({ days: [6, 0], start: '09:00', end: '13:00' })).toBe('Sun, Sat 09:00–13:00');
  });
  it('marks groups High privilege when role-assignable or named in Settings, and only then', () => {
    const g = item({ kind: 'group', access: 'member', role: { id: 'g', displayName: 'Finance Admins' }, scope: { id: 'g', displayName: 'Finance Admins', type: 'group' } });
    expect(cuesFor(g)).toEqual([]);
    expect(cuesFor(g, { highPrivilegeGroups: ['finance admins'] }).map((c) => [c.id, c.reason])).toEqual([['high-privilege', 'You named this group as high privilege in Settings.']]);
    expect(cuesFor({ ...g, scope: { ...g.scope, roleAssignable: true } }).map((c) => c.id)).toEqual(['high-privilege']);
  });
});
