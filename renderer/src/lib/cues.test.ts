import { describe, expect, it } from 'vitest';
import { cuesFor, isHighPrivilege, isOutsideWorkingHours } from './cues';

// Local-time dates, so the test means the same in any time zone.
const local = (y: number, mo: number, d: number, h: number) => new Date(y, mo - 1, d, h, 0).toISOString();
const item = (over: Partial<Parameters<typeof cuesFor>[0]> = {}) => ({
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
  it('flags durations over 8 hours', () => {
    expect(cuesFor(item({ duration: 'PT8H' }))).toEqual([]);
    expect(cuesFor(item({ duration: 'PT8H1M' })).map((c) => c.label)).toEqual(['Long duration']);
    expect(cuesFor(item({ duration: null }))).toEqual([]);
  });
});
