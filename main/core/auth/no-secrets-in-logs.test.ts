import { afterEach, expect, test, vi } from 'vitest';
import { ARM_SCOPE, GRAPH_ENTRA_ROLE_SCOPE, GRAPH_GROUP_SCOPE, entraHarness, type EntraHarness } from '../../../test/fakes/entra/harness';
import { jwtPayload } from '../../../test/fakes/entra/fake-entra';
import { withClaimsStepUp } from './claims';

// Everything the auth module logs — our own lines and MSAL's at Trace level, routed through
// the injected logger with PII logging off — must not contain a token, code or verifier.
let h: EntraHarness;
afterEach(async () => {
  vi.restoreAllMocks();
  await h.close();
});

test('sign-in, refresh, step-up, Graph consent, device code and failures log no token or code', async () => {
  h = await entraHarness({ accessTokenLifetimeSec: 60 });
  const consoleLines: string[] = [];
  for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
    vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void consoleLines.push(args.map(String).join(' ')));
  }
  const auth = h.makeAuth();
  await auth.start();
  expect((await auth.signIn()).ok).toBe(true); // browser + loopback + code redemption
  expect((await auth.token([ARM_SCOPE])).ok).toBe(true); // refresh (token is "expired" for MSAL)
  const stepped = await withClaimsStepUp(auth, [ARM_SCOPE], async (token) =>
    !jwtPayload(token).acrs
      ? { ok: false, error: { kind: 'unauthorized', message: 'challenge', claims: Buffer.from('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}').toString('base64') } }
      : { ok: true, value: 1, meta: { status: 200, clientRequestId: 'x', requestId: null, correlationId: null } },
  );
  expect(stepped.ok).toBe(true);
  expect((await auth.token([GRAPH_ENTRA_ROLE_SCOPE])).ok).toBe(true); // a Graph permission from the refresh token
  h.fake.setUnconsentedScopes([GRAPH_GROUP_SCOPE]);
  expect(await auth.token([GRAPH_GROUP_SCOPE])).toMatchObject({ ok: false, error: { kind: 'consent-required' } }); // AADSTS65001 path logs too

  const cli = h.makeAuth({ openBrowser: undefined });
  await cli.signOut();
  expect((await cli.signIn({ deviceCode: () => setTimeout(() => h.fake.approveDeviceCodes(), 100) })).ok).toBe(true);

  h.fake.expireRefreshTokens();
  expect((await cli.token([ARM_SCOPE])).ok).toBe(false); // invalid_grant path logs too

  const secrets = [
    ...h.fake.issued.accessTokens,
    ...h.fake.issued.refreshTokens,
    ...h.fake.issued.idTokens,
    ...h.fake.issued.authCodes,
    ...h.fake.issued.deviceCodes,
    ...h.fake.issued.codeVerifiers,
  ];
  expect(h.fake.issued.accessTokens.length).toBeGreaterThanOrEqual(4);
  expect(h.fake.issued.authCodes.length).toBe(2);
  expect(h.fake.issued.deviceCodes.length).toBe(1);
  const logged = h.logText() + consoleLines.join('\n');
  expect(h.logs.length).toBeGreaterThan(100); // MSAL's trace lines really came through
  for (const secret of secrets) {
    expect(logged.includes(secret), 'a secret was logged').toBe(false);
    // Also no recognisable piece of it (e.g. a token cut off by a message limit).
    expect(logged.includes(secret.slice(-24)), 'part of a secret was logged').toBe(false);
  }
});
