import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ARM_SCOPE, entraHarness, type EntraHarness } from '../../../test/fakes/entra/harness';
import { jwtPayload } from '../../../test/fakes/entra/fake-entra';
import { createAuth } from './auth';
import { CLIENT_ID_HELP } from './config';
import { KeychainUnavailableError, memorySecretStore } from './secret-store';
import type { AuthState, SecretStore } from './types';

// Real @azure/msal-node against the loopback fake Entra ID; the cache key sits in a memory
// SecretStore here (the real keychain is covered by *.keychain.test.ts).
let h: EntraHarness;
beforeEach(async () => {
  h = await entraHarness();
});
afterEach(async () => {
  await h.close();
});

function track(auth: { onState(l: (s: AuthState) => void): () => void }): AuthState['status'][] {
  const seen: AuthState['status'][] = [];
  auth.onState((s) => seen.push(s.status));
  return seen;
}

describe('interactive sign-in in the browser', () => {
  test('completes through the loopback redirect with PKCE and cp1', async () => {
    const auth = h.makeAuth();
    const seen = track(auth);
    expect((await auth.start()).status).toBe('signed-out');

    const result = await auth.signIn();

    expect(result).toMatchObject({ ok: true, value: { username: 'approver@contoso.example', tenantId: h.fake.user.tid } });
    expect(seen).toEqual(['signing-in', 'signed-in']);
    const authorize = new URL(h.browserVisits[0] ?? '');
    expect(authorize.searchParams.get('response_mode')).toBe('form_post');
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorize.searchParams.get('redirect_uri')).toMatch(/^http:\/\/localhost:\d+$/);
    // MSAL merges client capabilities into the claims request (and adds its own id_token hints).
    expect(JSON.parse(authorize.searchParams.get('claims') ?? '{}')).toMatchObject({ access_token: { xms_cc: { values: ['cp1'] } } });
    expect(h.browserPages[0]).toMatch(/signed in to PIM Approvals/);
    const [redeem] = h.fake.tokenRequests('authorization_code');
    expect(redeem?.form.code_verifier).toBeTruthy();

    // The token is served from the cache: no further call to Entra.
    const before = h.fake.requests.length;
    const token = await auth.token([ARM_SCOPE]);
    expect(token.ok && token.value.accessToken).toBe(h.fake.issued.accessTokens[0]);
    expect(token.ok && jwtPayload(token.value.accessToken).xms_cc).toEqual(['cp1']);
    expect(h.fake.requests.length).toBe(before);
  });

  test('a second Auth on the same data dir finds the saved session', async () => {
    await h.makeAuth().signIn();
    const again = h.makeAuth();
    expect(await again.start()).toMatchObject({ status: 'signed-in', account: { username: 'approver@contoso.example' } });
    expect((await again.token([ARM_SCOPE])).ok).toBe(true);
  });

  test('cancel stops the wait, closes the loopback server and restores signed-out', async () => {
    const visits: string[] = [];
    const auth = h.makeAuth({ openBrowser: async (url) => void visits.push(url) }); // the user never finishes
    await auth.start();
    const controller = new AbortController();
    const pending = auth.signIn({ signal: controller.signal });
    await waitFor(() => visits.length === 1);
    expect(auth.state().status).toBe('signing-in');

    controller.abort();
    const result = await pending;

    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled', code: 'cancelled' } });
    expect(auth.state()).toMatchObject({ status: 'signed-out', message: 'Sign-in was cancelled.' });
    const redirect = new URL(new URL(visits[0] ?? '').searchParams.get('redirect_uri') ?? '');
    await expect(fetch(`http://127.0.0.1:${redirect.port}/`)).rejects.toThrow();
    expect(h.fake.tokenRequests()).toHaveLength(0);
  });

  test('network down during sign-in → offline, no crash, loopback closed', async () => {
    h.fake.setNetworkDown(true);
    const auth = h.makeAuth();
    const result = await auth.signIn();
    expect(result).toMatchObject({ ok: false, error: { kind: 'offline' } });
    expect(auth.state().status).toBe('offline');
    h.fake.setNetworkDown(false);
    expect((await auth.signIn()).ok).toBe(true);
  });

  test('times out when the browser never comes back', async () => {
    const auth = h.makeAuth({ openBrowser: async () => undefined, signInTimeoutMs: 300 });
    const result = await auth.signIn();
    expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled', code: 'timeout' } });
    expect(auth.state().status).toBe('signed-out');
  });
});

test('device code sign-in (CLI) shows the code and completes when the user enters it', async () => {
  const auth = h.makeAuth({ openBrowser: undefined });
  const codes: string[] = [];
  const result = await auth.signIn({
    deviceCode: (info) => {
      codes.push(info.userCode);
      expect(info.verificationUri).toBe(`${h.fake.origin}/devicelogin`);
      setTimeout(() => h.fake.approveDeviceCodes(), 200);
    },
  });
  expect(result.ok).toBe(true);
  expect(codes).toHaveLength(1);
  expect(h.fake.tokenRequests('device_code').length).toBeGreaterThanOrEqual(2); // pending, then done
  expect(auth.state().status).toBe('signed-in');
});

test('device code sign-in can be cancelled', async () => {
  const auth = h.makeAuth();
  const controller = new AbortController();
  const result = await auth.signIn({ deviceCode: () => setTimeout(() => controller.abort(), 50), signal: controller.signal });
  expect(result).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
  expect(auth.state().status).toBe('signed-out');
});

describe('silent refresh', () => {
  test('an expired access token is refreshed with the refresh token', async () => {
    h.fake.setAccessTokenLifetime(60); // inside MSAL's 5-minute refresh window: expired for MSAL
    const auth = h.makeAuth();
    await auth.signIn();
    const token = await auth.token([ARM_SCOPE]);
    expect(token.ok).toBe(true);
    const refreshes = h.fake.tokenRequests('refresh_token');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0]?.form.refresh_token).toBe(h.fake.issued.refreshTokens[0]);
    expect(token.ok && token.value.accessToken).toBe(h.fake.issued.accessTokens[1]);
    expect(auth.state().status).toBe('signed-in');
  });

  test('an expired refresh token signs out (invalid_grant), not a crash', async () => {
    h.fake.setAccessTokenLifetime(60);
    const auth = h.makeAuth();
    await auth.signIn();
    h.fake.expireRefreshTokens();
    const token = await auth.token([ARM_SCOPE]);
    expect(token).toMatchObject({ ok: false, error: { kind: 'signed-out', code: 'invalid_grant' } });
    expect(auth.state()).toMatchObject({ status: 'signed-out', message: 'Your session has ended; sign in again.' });
    expect(await auth.account()).toBeNull();
    expect(await h.makeAuth().start()).toMatchObject({ status: 'signed-out' });
  });

  test('network down → offline, still signed in afterwards', async () => {
    h.fake.setAccessTokenLifetime(60);
    const auth = h.makeAuth();
    await auth.signIn();
    h.fake.setNetworkDown(true);
    const token = await auth.token([ARM_SCOPE]);
    expect(token).toMatchObject({ ok: false, error: { kind: 'offline', code: 'network_error' } });
    expect(auth.state().status).toBe('offline');
    expect(await auth.account()).not.toBeNull();

    h.fake.setNetworkDown(false);
    expect((await auth.token([ARM_SCOPE])).ok).toBe(true);
    expect(auth.state().status).toBe('signed-in');
  });
});

describe('failure states', () => {
  test('no client id: a clear error state, no crash', async () => {
    const auth = createAuth({ settings: { cloud: 'public' }, dataDir: h.dataDir, secrets: memorySecretStore() });
    expect(await auth.start()).toMatchObject({ status: 'error', message: CLIENT_ID_HELP });
    expect(await auth.signIn()).toMatchObject({ ok: false, error: { kind: 'config', code: 'missing_client_id' } });
    expect(await auth.token([ARM_SCOPE])).toMatchObject({ ok: false, error: { kind: 'config' } });
  });

  test('no keychain: keychain-unavailable, then a memory-only session on request', async () => {
    const broken: SecretStore = {
      get: async () => {
        throw new KeychainUnavailableError(new Error('no Secret Service on the bus'));
      },
      set: async () => {
        throw new KeychainUnavailableError(new Error('no Secret Service on the bus'));
      },
      delete: async () => false,
    };
    const auth = h.makeAuth({ secrets: broken });
    expect((await auth.start()).status).toBe('keychain-unavailable');
    expect(auth.state().message).toMatch(/keychain is not available.*memory only/);
    expect(await auth.signIn()).toMatchObject({ ok: false, error: { kind: 'keychain-unavailable' } });

    await auth.useMemoryOnlySession();
    expect(auth.state().status).toBe('signed-out');
    expect((await auth.signIn()).ok).toBe(true);
    expect((await auth.token([ARM_SCOPE])).ok).toBe(true);
    expect(await readdir(h.dataDir)).toEqual([]); // nothing written to disk
  });

  test('a tampered cache file signs out cleanly and is kept aside', async () => {
    const first = h.makeAuth();
    await first.signIn();
    const path = first.cachePath() ?? '';
    const bytes = await readFile(path);
    bytes[bytes.length - 5] = (bytes[bytes.length - 5] ?? 0) ^ 0xff;
    await writeFile(path, bytes);

    const auth = h.makeAuth();
    const state = await auth.start();
    expect(state.status).toBe('signed-out');
    expect(state.message).toMatch(/could not be read.*set aside/);
    const files = await readdir(h.dataDir);
    expect(files.some((f) => /^msal-cache\.bin\.corrupt-\d{8}T\d{6}Z-\d+$/.test(f))).toBe(true);
    expect((await auth.signIn()).ok).toBe(true); // and a fresh sign-in works
    expect(await readFile(join(h.dataDir, 'msal-cache.bin'))).not.toEqual(bytes);
  });
});

test('silent calls during a step-up on screen do not end "signing-in"', async () => {
  let stepUpShown = false;
  const auth = h.makeAuth({
    openBrowser: async (url) => {
      if (h.browserVisits.push(url) === 1) {
        const { followAuthorize } = await import('../../../test/fakes/entra/browser');
        await followAuthorize(url, h.fetch);
      } else stepUpShown = true; // the user has not finished yet
    },
  });
  await auth.signIn();
  const stepUp = auth.token([ARM_SCOPE], JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } }));
  await waitFor(() => stepUpShown);
  expect(auth.state().status).toBe('signing-in');
  expect((await auth.token([ARM_SCOPE])).ok).toBe(true); // the poller keeps working
  expect(auth.state().status).toBe('signing-in');
  auth.cancelSignIn();
  expect(await stepUp).toMatchObject({ ok: false, error: { kind: 'cancelled' } });
  expect(auth.state().status).toBe('signed-in');
});

test('sign-out forgets the account on disk too', async () => {
  const auth = h.makeAuth();
  await auth.signIn();
  await auth.signOut();
  expect(auth.state()).toMatchObject({ status: 'signed-out', message: 'Signed out.' });
  expect(await h.makeAuth().start()).toMatchObject({ status: 'signed-out' });
});

async function waitFor(check: () => boolean, timeoutMs = 5_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
