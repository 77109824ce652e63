import { describe, expect, it } from 'vitest';
import { bulkSummary, checkLabel, needsExplicitCheck } from './bulk-summary';

type Summed = Parameters<typeof bulkSummary>[0][number];
const req = (role: string, kind: Summed['kind'] = 'azureResource'): Summed => ({
  kind,
  role: { id: role, displayName: role },
  scope: { id: '/subscriptions/1/resourceGroups/rg', displayName: 'rg', type: 'resourcegroup' },
  // Tuesday mid-morning, local time: no "outside working hours" cue in these tests.
  createdOn: new Date(2026, 2, 3, 10, 0).toISOString(),
  duration: 'PT1H',
});

describe('bulk summary', () => {
  it('counts the requests and the high-privilege ones by role, most first', () => {
    // The first high-privilege one listed is the rarer role: the summary still puts the most first.
    const items = [req('User Access Administrator'), ...Array.from({ length: 9 }, () => req('Reader')), req('Owner'), req('Owner')];
    expect(bulkSummary(items)).toBe('12 requests · 3 High privilege: 2 Owner, 1 User Access Administrator');
  });
  it('says only the count when nothing is high privilege', () => {
    expect(bulkSummary([req('Reader'), req('Contributor')])).toBe('2 requests');
    expect(bulkSummary([req('Reader')])).toBe('1 request');
    expect(bulkSummary([req('Global Administrator', 'entraRole')])).toBe('1 request · 1 High privilege: 1 Global Administrator');
  });
  it('asks for the explicit tick with high privilege, or above 20 requests', () => {
    expect(needsExplicitCheck([req('Reader'), req('Owner')])).toBe(true);
    expect(needsExplicitCheck(Array.from({ length: 20 }, () => req('Reader')))).toBe(false);
    expect(needsExplicitCheck(Array.from({ length: 21 }, () => req('Reader')))).toBe(true);
    expect(checkLabel(12)).toBe('I have checked these 12 requests');
    expect(checkLabel(1234)).toBe('I have checked these 1,234 requests');
  });
});

describe('bulk summary across tenants', () => {
  const at = (tenant: string) => ({ ...req('Contributor'), tenant: { id: `t-${tenant}`, name: tenant } });
  it('says how many tenants a bulk decision spans, and how many in each, most first', () => {
    expect(bulkSummary([at('Fabrikam'), at('Contoso'), at('Contoso'), req('Owner')])).toBe('4 requests in 2 tenants (Contoso 2, Fabrikam 1) · 1 High privilege: 1 Owner');
  });
  it('says nothing of tenants when the requests are all in one', () => {
    expect(bulkSummary([at('Contoso'), at('Contoso')])).toBe('2 requests');
  });
});
