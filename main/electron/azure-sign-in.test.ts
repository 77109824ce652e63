/**
 * The Electron sign-in adapter against a mocked `electron` (the binary cannot run here): the
 * browser may be sent only to the configured cloud's https authority, and the account hooks
 * answer without a client id (no MSAL, no network) in words, never a throw.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { systemClock } from '../core/clock';
import { silentLogger } from '../core/auth/types';
import { DEFAULT_SETTINGS } from '../core/settings/settings-store';
import type { AccountRecord } from '../core/accounts/account-store';

const opened: string[] = [];
vi.mock('electron', () => ({
  net: { fetch: () => Promise.reject(new Error('no network in this test')) },
  shell: { openExternal: (url: string) => void opened.push(url) },
}));
const { azureSignIn, isSignInUrl } = await import('./azure-sign-in');

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'azure-sign-in-'));
});
afterEach(() => rm(dataDir, { recursive: true, force: true }));

describe('the sign-in page the browser may open', () => {
  it.each([
    ['https://login.microsoftonline.com/organizations/oauth2/v2.0/authorize?client_id=x', 'public', true],
    ['https://login.microsoftonline.us/contoso.us/oauth2/v2.0/authorize', 'usgov', true],
    ['https://login.microsoftonline.com/x', 'usgov', false],
    ['http://login.microsoftonline.com/x', 'public', false],
    ['https://user:pw@login.microsoftonline.com/x', 'public', false],
    ['https://login.microsoftonline.com.evil.example/x', 'public', false],
    ['not a url', 'public', false],
  ] as const)('%s in %s: %s', (url, cloud, allowed) => {
    expect(isSignInUrl(url, cloud)).toBe(allowed);
  });
});

describe('account hooks without a client id', () => {
  const record: AccountRecord = { id: 'a1.t1', name: 'Ada', username: 'ada@contoso.example', tenantId: 't1', tenantName: 'Contoso', cloud: 'public', source: 'app' };
  const signIn = () => azureSignIn({ dataDir, clock: systemClock, logger: silentLogger });

  it('restores nothing when nothing is remembered, and says to sign in again for a remembered app account', async () => {
    expect(await signIn().restoreAll(DEFAULT_SETTINGS, [])).toEqual([]);
    expect(await signIn().restoreAll(DEFAULT_SETTINGS, [record, { ...record, id: 'd.t', source: 'demo' }])).toEqual([{ accountId: 'a1.t1', problem: 'Sign in to Contoso again.' }]);
  });

  it('adding a browser account says how to set a client id, and opens no browser', async () => {
    const added = await signIn().add({ source: 'app' }, DEFAULT_SETTINGS);
    expect(added).toMatchObject({ problem: expect.stringMatching(/^No client id is set/) });
    expect(opened).toEqual([]);
  });
});
