/**
 * How the accounts' words merge into the one header, tray and kinds line (merge-state.ts).
 */
import { describe, expect, it } from 'vitest';
import type { KindStatus } from '../model/state';
import { mergedConnection, mergedKinds } from './merge-state';

const kinds = (entra: KindStatus['status'], reason: string | null = null): KindStatus[] => [
  { kind: 'azureResource', status: 'active', reason: null },
  { kind: 'entraRole', status: entra, reason },
  { kind: 'group', status: entra, reason },
];

describe('merged connection', () => {
  it('online when any account is; offline only when none is better; signed out with nobody', () => {
    expect(mergedConnection([{ connection: 'offline' }, { connection: 'online' }])).toBe('online');
    expect(mergedConnection([{ connection: 'signed-out' }, { connection: 'error' }, { connection: 'offline' }])).toBe('offline');
    expect(mergedConnection([{ connection: 'signed-out' }, { connection: 'starting' }])).toBe('starting');
    expect(mergedConnection([{ connection: 'signed-out' }, { connection: 'error' }])).toBe('error');
    expect(mergedConnection([])).toBe('signed-out');
  });
});

describe('merged kinds', () => {
  it('a kind is active when active in any account; off otherwise, with the tenant that says why', () => {
    const merged = mergedKinds([
      { tenantName: 'Contoso', kinds: kinds('off', 'No consent for Entra ID roles.') },
      { tenantName: 'Fabrikam', kinds: kinds('active') },
    ]);
    expect(merged.map((k) => [k.kind, k.status])).toEqual([
      ['azureResource', 'active'],
      ['entraRole', 'active'],
      ['group', 'active'],
    ]);
    const off = mergedKinds([
      { tenantName: 'Contoso', kinds: kinds('off', 'No consent for Entra ID roles.') },
      { tenantName: 'Fabrikam', kinds: kinds('off', 'Signed in with the Azure CLI.') },
    ]);
    expect(off[1]).toEqual({ kind: 'entraRole', status: 'off', reason: 'Contoso: No consent for Entra ID roles.' });
  });

  it('one account: its kinds as they are, words unprefixed', () => {
    expect(mergedKinds([{ tenantName: 'Contoso', kinds: kinds('off', 'No consent.') }])).toEqual(kinds('off', 'No consent.'));
  });
});
