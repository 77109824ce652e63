/**
 * The several-accounts hooks on real MSAL (the loopback fake Entra ID with a second person
 * and a guest tenant) and a loopback ARM that records each bearer token: every session's
 * calls carry its own account's token for its own tenant, after a restart too.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import type { AccountRecord } from '../accounts/account-store';
import { systemClock } from '../clock';
import { entraHarness, type EntraHarness } from '../../../test/fakes/entra/harness';
import { jwtPayload, type FakeUser } from '../../../test/fakes/entra/fake-entra';
import { startLoopback, type LoopbackServer } from '../../../test/kit/loopback-server';
import type { AccountSession, RestoredSession, SignInProblem } from './app-core';
import { azureAccounts } from './azure-accounts';

const GUEST_TENANT = randomUUID();
const GUEST_OID = randomUUID();

let h: EntraHarness;
let arm: LoopbackServer;
let bea: FakeUser;
beforeEach(async () => {
  h = await entraHarness({ user: { guestIn: { [GUEST_TENANT]: GUEST_OID } } });
  bea = h.fake.addUser({ username: 'bea@fabrikam.example', name: 'Bea Approver' });
  // ARM's tenant list names the home tenant (not the guest one); every other GET is an empty list.
  const homeTid = h.fake.user.tid;
  arm = await startLoopback((hit, res) => {
    res.setHeader('content-type', 'application/json');
    const tenants = [{ tenantId: homeTid, displayName: 'Contoso', defaultDomain: 'contoso.example' }];
    res.end(JSON.stringify({ value: hit.path.startsWith('/tenants?') ? tenants : [] }));
  });
});
afterEach(async () => {
  await arm.close();
  await h.close();
});

const noCli = async (): Promise<SignInProblem> => ({ problem: 'no az here' });
function accountsOn(auth = h.makeAuth()) {
  return azureAccounts({ auth, cloud: 'public', armEndpoint: arm.url, clock: systemClock, azureCli: noCli });
}

function session(s: AccountSession | SignInProblem | RestoredSession | undefined): AccountSession {
  if (!s || 'problem' in s) throw new Error(s && 'problem' in s ? s.problem : 'no session');
  return s;
}

/** Who the bearer token of the session's next ARM call names. */
async function bearerOf(s: AccountSession): Promise<Record<string, unknown>> {
  const before = arm.hits.length;
  const listed = await s.api.listApprovals('asApprover');
  expect(listed.ok).toBe(true);
  const auth = String(arm.hits[before]?.headers.authorization ?? '');
  return jwtPayload(auth.replace(/^Bearer /, ''));
}

const recordOf = (s: AccountSession): AccountRecord => ({
  id: s.account.id,
  name: s.account.name,
  username: s.account.username,
  tenantId: s.tenant?.id ?? '',
  tenantName: s.tenant?.name ?? '',
  cloud: 'public',
  source: 'app',
  ...(s.homeAccountId ? { homeAccountId: s.homeAccountId } : {}),
});

describe('several Azure accounts', () => {
  test('two people and a guest tenant: each session calls ARM with its own token, and so after a restart', async () => {
    const accounts = accountsOn();
    const ada = session(await accounts.add({ source: 'app' }));
    h.fake.signInAs(bea);
    const b = session(await accounts.add({ source: 'app' }));
    const guest = session(await accounts.add({ source: 'tenant', viaAccountId: ada.account.id, tenantId: GUEST_TENANT }));

    expect(ada).toMatchObject({ account: { id: `${h.fake.user.oid}.${h.fake.user.tid}` }, principalId: h.fake.user.oid, tenant: { id: h.fake.user.tid, name: 'Contoso' }, source: 'app' });
    expect(b).toMatchObject({ account: { id: `${bea.oid}.${bea.tid}` }, principalId: bea.oid });
    // A tenant the list does not name keeps its id as its name.
    expect(guest).toMatchObject({ account: { id: `${GUEST_OID}.${GUEST_TENANT}` }, principalId: GUEST_OID, tenant: { id: GUEST_TENANT, name: GUEST_TENANT }, homeAccountId: `${h.fake.user.oid}.${h.fake.user.tid}` });
    expect(await bearerOf(ada)).toMatchObject({ oid: h.fake.user.oid, tid: h.fake.user.tid });
    expect(await bearerOf(b)).toMatchObject({ oid: bea.oid, tid: bea.tid });
    expect(await bearerOf(guest)).toMatchObject({ oid: GUEST_OID, tid: GUEST_TENANT });

    // A new Auth on the same cache file: the app started again.
    const restored = await accountsOn().restore([ada, b, guest].map(recordOf));
    expect(restored.map((r) => ('problem' in r ? r.problem : r.account.id))).toEqual([ada.account.id, b.account.id, guest.account.id]);
    // The remembered name, with no call to ARM's tenant list.
    expect(session(restored[0]).tenant).toEqual({ id: h.fake.user.tid, name: 'Contoso' });
    expect(arm.hits.filter((hit) => hit.path.startsWith('/tenants?'))).toHaveLength(3);
    expect(await bearerOf(session(restored[2]))).toMatchObject({ oid: GUEST_OID, tid: GUEST_TENANT });
    expect(await bearerOf(session(restored[1]))).toMatchObject({ oid: bea.oid, tid: bea.tid });
  });

  test('forgetting one account leaves the other restorable, and says what to do for the forgotten one', async () => {
    const accounts = accountsOn();
    const ada = session(await accounts.add({ source: 'app' }));
    h.fake.signInAs(bea);
    const b = session(await accounts.add({ source: 'app' }));
    await accounts.forget(recordOf(b));

    const restored = await accountsOn().restore([ada, b].map(recordOf));
    expect(restored[0] && 'account' in restored[0] ? restored[0].account.id : null).toBe(ada.account.id);
    expect(restored[1]).toEqual({ accountId: b.account.id, problem: `Sign in to ${b.tenant?.name ?? ''} again.` });
  });

  test('signing an account in again refuses another person picked in the browser', async () => {
    const accounts = accountsOn();
    const ada = session(await accounts.add({ source: 'app' }));
    h.fake.signInAs(bea);
    expect(await accounts.signInAgain(recordOf(ada))).toMatchObject({ problem: expect.stringMatching(/^You signed in as bea@fabrikam.example, not approver@contoso.example/) });
    h.fake.signInAs(h.fake.user);
    expect(session(await accounts.signInAgain(recordOf(ada))).account.id).toBe(ada.account.id);
    // Pinned to the account's own tenant.
    expect(new URL(h.browserVisits.at(-1) ?? '').pathname).toBe(`/${h.fake.user.tid}/oauth2/v2.0/authorize`);
  });
});
