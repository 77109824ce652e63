/**
 * Several accounts in one MSAL cache (issue 21): real @azure/msal-node against the loopback
 * fake Entra ID, with a second person and a guest tenant. Each token names the person and
 * tenant it was asked for; forgetting one account leaves the other, on disk too.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { ARM_SCOPE, entraHarness, type EntraHarness } from '../../../test/fakes/entra/harness';
import { jwtPayload, type FakeUser } from '../../../test/fakes/entra/fake-entra';
import { accountIdOf, type AccountRef } from './types';

const GUEST_TENANT = randomUUID();
const GUEST_OID = randomUUID();

let h: EntraHarness;
let bea: FakeUser;
beforeEach(async () => {
  h = await entraHarness({ user: { guestIn: { [GUEST_TENANT]: GUEST_OID } } });
  bea = h.fake.addUser({ username: 'bea@fabrikam.example', name: 'Bea Approver' });
});
afterEach(async () => {
  await h.close();
});

const home = (u: FakeUser): AccountRef => ({ homeAccountId: `${u.oid}.${u.tid}`, tenantId: u.tid });
const claimsOf = (r: { ok: boolean; value?: { accessToken: string } }) => (r.ok && r.value ? jwtPayload(r.value.accessToken) : null);

describe('several accounts in one cache', () => {
  test('two people signed in: each token names its own person and tenant', async () => {
    const auth = h.makeAuth();
    await auth.start();
    const first = await auth.addAccount();
    h.fake.signInAs(bea);
    const second = await auth.addAccount();
    expect(first).toMatchObject({ ok: true, value: { username: 'approver@contoso.example' } });
    expect(second).toMatchObject({ ok: true, value: { username: 'bea@fabrikam.example' } });

    expect((await auth.accounts()).map(accountIdOf).sort()).toEqual([`${h.fake.user.oid}.${h.fake.user.tid}`, `${bea.oid}.${bea.tid}`].sort());
    expect(claimsOf(await auth.tokenFor(home(h.fake.user), [ARM_SCOPE]))).toMatchObject({ oid: h.fake.user.oid, tid: h.fake.user.tid });
    expect(claimsOf(await auth.tokenFor(home(bea), [ARM_SCOPE]))).toMatchObject({ oid: bea.oid, tid: bea.tid });
  });

  test("a guest tenant gets its token silently, at that tenant's authority, naming the guest object", async () => {
    const auth = h.makeAuth();
    await auth.addAccount();
    const before = h.fake.tokenRequests('refresh_token').length;

    const guest = await auth.tokenFor({ homeAccountId: `${h.fake.user.oid}.${h.fake.user.tid}`, tenantId: GUEST_TENANT }, [ARM_SCOPE]);

    expect(claimsOf(guest)).toMatchObject({ oid: GUEST_OID, tid: GUEST_TENANT });
    expect(guest.ok && accountIdOf(guest.value.account)).toBe(`${GUEST_OID}.${GUEST_TENANT}`);
    // The home account's refresh token, redeemed at the guest tenant's token endpoint; no browser.
    const refreshes = h.fake.tokenRequests('refresh_token').slice(before);
    expect(refreshes.map((r) => r.path)).toEqual([`/${GUEST_TENANT}/oauth2/v2.0/token`]);
    expect(h.browserVisits).toHaveLength(1);
    // MSAL now holds both tenant profiles of the one account.
    expect((await auth.accounts()).map(accountIdOf).sort()).toEqual([`${h.fake.user.oid}.${h.fake.user.tid}`, `${GUEST_OID}.${GUEST_TENANT}`].sort());
    // The home tenant's token still names the home object.
    expect(claimsOf(await auth.tokenFor(home(h.fake.user), [ARM_SCOPE]))).toMatchObject({ oid: h.fake.user.oid, tid: h.fake.user.tid });
  });

  test('a sign-in pinned to a tenant goes to that tenant', async () => {
    const auth = h.makeAuth();
    h.fake.signInAs(bea);
    expect(await auth.addAccount({ tenant: bea.tid })).toMatchObject({ ok: true, value: { tenantId: bea.tid } });
    expect(new URL(h.browserVisits[0] ?? '').pathname).toBe(`/${bea.tid}/oauth2/v2.0/authorize`);
  });

  test('forgetting one account leaves the other, in memory and in the cache file', async () => {
    const auth = h.makeAuth();
    await auth.addAccount();
    h.fake.signInAs(bea);
    await auth.addAccount();

    await auth.forget(`${bea.oid}.${bea.tid}`);

    expect((await auth.accounts()).map(accountIdOf)).toEqual([`${h.fake.user.oid}.${h.fake.user.tid}`]);
    expect(await auth.tokenFor(home(bea), [ARM_SCOPE])).toMatchObject({ ok: false, error: { kind: 'signed-out' } });
    expect((await auth.tokenFor(home(h.fake.user), [ARM_SCOPE])).ok).toBe(true);
    const again = h.makeAuth();
    await again.start();
    expect((await again.accounts()).map(accountIdOf)).toEqual([`${h.fake.user.oid}.${h.fake.user.tid}`]);
  });

  test("one account's failure moves no shared state and leaves the other working", async () => {
    const auth = h.makeAuth();
    await auth.addAccount();
    h.fake.signInAs(bea);
    await auth.addAccount();
    const state = auth.state();
    const failed = await auth.tokenFor({ homeAccountId: `${randomUUID()}.${randomUUID()}`, tenantId: bea.tid }, [ARM_SCOPE]);
    expect(failed).toMatchObject({ ok: false, error: { kind: 'signed-out' } });
    expect(auth.state()).toEqual(state);
    expect((await auth.tokenFor(home(bea), [ARM_SCOPE])).ok).toBe(true);
  });
});
