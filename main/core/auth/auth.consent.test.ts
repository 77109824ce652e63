import { InteractionRequiredAuthError, PublicClientApplication } from '@azure/msal-node';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { jwtPayload } from '../../../test/fakes/entra/fake-entra';
import { ARM_SCOPE, GRAPH_ENTRA_ROLE_SCOPE, GRAPH_GROUP_SCOPE, TEST_CLIENT_ID, entraHarness, type EntraHarness } from '../../../test/fakes/entra/harness';
import { resolveAuthConfig } from './config';
import { classifyAuthError } from './errors';
import { fetchNetworkClient } from './network-client';
import type { AuthState } from './types';

// Graph kinds ask for their own delegated permission with the ARM sign-in's refresh token.
// Real @azure/msal-node against the loopback fake Entra ID: a permission without admin
// consent must turn off only what needs it, never sign the person out.
let h: EntraHarness;
beforeEach(async () => {
  h = await entraHarness({ accessTokenLifetimeSec: 60 }); // every token() call refreshes: the refresh token is exercised each time
});
afterEach(async () => {
  await h.close();
});

async function signedIn() {
  const auth = h.makeAuth();
  expect((await auth.signIn()).ok).toBe(true);
  const seen: AuthState[] = [];
  auth.onState((s) => seen.push(s));
  return { auth, seen };
}

describe('Graph permissions on the ARM sign-in', () => {
  test('a consented Graph permission comes from the refresh token, next to the ARM token', async () => {
    const { auth } = await signedIn();

    const graph = await auth.token([GRAPH_ENTRA_ROLE_SCOPE]);
    const arm = await auth.token([ARM_SCOPE]);

    expect(graph.ok && jwtPayload(graph.value.accessToken)).toMatchObject({ aud: 'https://graph.microsoft.com', scp: 'RoleAssignmentSchedule.ReadWrite.Directory' });
    expect(arm.ok && jwtPayload(arm.value.accessToken)).toMatchObject({ aud: 'https://management.azure.com', scp: 'user_impersonation' });
    const [graphRefresh] = h.fake.tokenRequests('refresh_token');
    expect(graphRefresh?.form.scope?.split(' ')).toContain(GRAPH_ENTRA_ROLE_SCOPE);
    expect(auth.state().status).toBe('signed-in');
  });

  test('an unconsented permission → consent-required; the session, the state and ARM are untouched', async () => {
    h.fake.setUnconsentedScopes([GRAPH_ENTRA_ROLE_SCOPE]);
    const { auth, seen } = await signedIn();
    const before = auth.state();

    const graph = await auth.token([GRAPH_ENTRA_ROLE_SCOPE]);

    expect(graph).toMatchObject({ ok: false, error: { kind: 'consent-required', code: 'AADSTS65001' } });
    const message = graph.ok ? '' : graph.error.message;
    expect(message).toContain('RoleAssignmentSchedule.ReadWrite.Directory');
    expect(message).toMatch(/administrator must grant consent/);
    expect(message).toContain('Grant admin consent');
    expect(auth.state()).toEqual(before);
    expect(seen).toEqual([]); // no state change was even announced
    expect(await auth.account()).toMatchObject({ username: 'approver@contoso.example' });
    expect((await auth.token([ARM_SCOPE])).ok).toBe(true); // with the same refresh token
    expect((await auth.token([GRAPH_GROUP_SCOPE])).ok).toBe(true); // the other kind is unaffected
    expect(await h.makeAuth().start()).toMatchObject({ status: 'signed-in' }); // nothing removed from the cache file
  });

  test('once an administrator grants consent, the next token call succeeds', async () => {
    h.fake.setUnconsentedScopes([GRAPH_GROUP_SCOPE]);
    const { auth } = await signedIn();
    expect(await auth.token([GRAPH_GROUP_SCOPE])).toMatchObject({ ok: false, error: { kind: 'consent-required' } });

    h.fake.setUnconsentedScopes([]);
    const graph = await auth.token([GRAPH_GROUP_SCOPE]);

    expect(graph.ok && jwtPayload(graph.value.accessToken)).toMatchObject({ aud: 'https://graph.microsoft.com', scp: 'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup' });
    expect(auth.state().status).toBe('signed-in');
  });

  test('an expired refresh token still signs out, Graph scope or not', async () => {
    const { auth } = await signedIn();
    h.fake.expireRefreshTokens();
    expect(await auth.token([GRAPH_ENTRA_ROLE_SCOPE])).toMatchObject({ ok: false, error: { kind: 'signed-out', code: 'invalid_grant' } });
    expect(auth.state().status).toBe('signed-out');
    expect(await auth.account()).toBeNull();
  });
});

describe('interactive flows refused for consent end "signing-in"', () => {
  test('a first sign-in refused for consent is signed-out and says why', async () => {
    h.fake.setUnconsentedScopes([ARM_SCOPE]);
    const auth = h.makeAuth();
    await auth.start();
    expect(await auth.signIn()).toMatchObject({ ok: false, error: { kind: 'consent-required' } });
    expect(auth.state().status).toBe('signed-out');
    expect(auth.state().message).toContain('Azure Service Management permission user_impersonation');
  });

  test('a step-up refused for consent keeps the session as it was', async () => {
    const { auth } = await signedIn();
    const before = auth.state();
    h.fake.setUnconsentedScopes([GRAPH_ENTRA_ROLE_SCOPE]);
    const stepUp = await auth.token([GRAPH_ENTRA_ROLE_SCOPE], JSON.stringify({ access_token: { acrs: { essential: true, value: 'c1' } } }));
    expect(stepUp).toMatchObject({ ok: false, error: { kind: 'consent-required' } });
    expect(h.fake.tokenRequests('authorization_code')).toHaveLength(2); // the step-up really went to the browser
    expect(auth.state()).toEqual(before);
  });
});

test('what real MSAL throws for AADSTS65001 is what the classifier reads', async () => {
  await (await signedIn()).auth.token([ARM_SCOPE]);
  h.fake.setUnconsentedScopes([GRAPH_ENTRA_ROLE_SCOPE]);
  const resolved = resolveAuthConfig({ cloud: 'public', clientId: TEST_CLIENT_ID, authorityOrigin: h.fake.origin });
  if (!resolved.ok) throw new Error(resolved.error.message);
  const pca = new PublicClientApplication({
    auth: { clientId: TEST_CLIENT_ID, authority: resolved.value.authority, knownAuthorities: resolved.value.knownAuthorities },
    system: { networkClient: fetchNetworkClient(h.fetch) },
  });
  const refreshToken = h.fake.issued.refreshTokens.at(-1) ?? '';

  const thrown: unknown = await pca.acquireTokenByRefreshToken({ refreshToken, scopes: [GRAPH_ENTRA_ROLE_SCOPE] }).then(
    () => null,
    (e: unknown) => e,
  );

  expect(thrown).toBeInstanceOf(InteractionRequiredAuthError);
  expect(thrown).toMatchObject({ errorCode: 'invalid_grant', subError: 'consent_required', errorNo: 65001, errorMessage: expect.stringMatching(/^AADSTS65001: The user or administrator has not consented/) });
  expect(classifyAuthError(thrown, { scopes: [GRAPH_ENTRA_ROLE_SCOPE] })).toMatchObject({ kind: 'consent-required', code: 'AADSTS65001' });
});
