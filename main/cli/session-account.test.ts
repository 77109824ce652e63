/**
 * The CLI's per-account session tokens (issue 21), with real @azure/msal-node against the
 * loopback fake Entra ID: two people and a guest tenant in one cache; the account the CLI
 * chose gets a token naming that person in that tenant, an account the cache does not hold
 * gets none, and the cache's accounts are listed with the ids the outbox uses.
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { ARM_SCOPE, entraHarness, type EntraHarness } from '../../test/fakes/entra/harness';
import { jwtPayload, type FakeUser } from '../../test/fakes/entra/fake-entra';
import { cacheAccounts, sessionTokenFor } from './session-account';

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

const claimsOf = (found: Awaited<ReturnType<typeof sessionTokenFor>>) => (found && 'token' in found ? jwtPayload(found.token) : null);

it("each remembered account gets its own person's token; a guest account its guest token; one not in the cache none", async () => {
  const auth = h.makeAuth();
  await auth.start();
  await auth.addAccount();
  h.fake.signInAs(bea);
  await auth.addAccount();
  const alex = h.fake.user;
  const alexId = `${alex.oid}.${alex.tid}`.toLowerCase();

  const asBea = await sessionTokenFor(auth, { id: `${bea.oid}.${bea.tid}`, tenantId: bea.tid }, ARM_SCOPE);
  expect(claimsOf(asBea)).toMatchObject({ oid: bea.oid, tid: bea.tid });
  expect(asBea).toMatchObject({ source: 'session', accountId: `${bea.oid}.${bea.tid}`.toLowerCase() });

  const asAlex = await sessionTokenFor(auth, { id: alexId, tenantId: alex.tid }, ARM_SCOPE);
  expect(claimsOf(asAlex)).toMatchObject({ oid: alex.oid, tid: alex.tid });

  // The guest account: its own id in the guest tenant, found through its home account.
  const guest = await sessionTokenFor(auth, { id: `${GUEST_OID}.${GUEST_TENANT}`, tenantId: GUEST_TENANT, homeAccountId: alexId }, ARM_SCOPE);
  expect(claimsOf(guest)).toMatchObject({ oid: GUEST_OID, tid: GUEST_TENANT });
  expect(guest).toMatchObject({ accountId: `${GUEST_OID}.${GUEST_TENANT}`.toLowerCase() });

  expect(await sessionTokenFor(auth, { id: `${randomUUID()}.${randomUUID()}`, tenantId: randomUUID() }, ARM_SCOPE)).toBeNull();

  const listed = await cacheAccounts(auth, 'public');
  expect(listed.map((a) => [a.id, a.username, a.source, a.inSessionCache]).sort()).toEqual(
    [
      [alexId, alex.username, 'app', true],
      [`${bea.oid}.${bea.tid}`.toLowerCase(), 'bea@fabrikam.example', 'app', true],
      [`${GUEST_OID}.${GUEST_TENANT}`.toLowerCase(), alex.username, 'app', true],
    ].sort(),
  );
});
