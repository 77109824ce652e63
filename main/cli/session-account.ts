/**
 * One account's token from the sign-in session cache the CLI shares with the app (issue 21):
 * MSAL's silent token for that account in that tenant (core/auth's tokenFor: the tenant's
 * authority, so a guest tenant is served by the home account's refresh token), and the
 * accounts the cache holds, as the CLI lists them. Never prints or keeps a token.
 */
import type { AuthHandle } from '../core/auth/auth';
import { accountIdOf, type AccountRef } from '../core/auth/types';
import type { Cloud } from '../core/arm/types';
import { accountIdFromToken } from '../core/net/token-identity';
import type { KnownAccount } from './account-choice';
import type { FoundToken, RefusedToken } from './resolve-token';

/** Where MSAL keeps the account: its home account (a guest's is its home tenant's) and the tenant wanted. */
export function refOf(account: Pick<KnownAccount, 'id' | 'tenantId' | 'homeAccountId'>): AccountRef {
  return { homeAccountId: account.homeAccountId ?? account.id, tenantId: account.tenantId };
}

/**
 * `account`'s token for `scope`: null when the cache does not hold it (signed out: the caller
 * says to sign it in), a refusal with MSAL's reason for anything else (offline, consent).
 */
export async function sessionTokenFor(auth: Pick<AuthHandle, 'tokenFor'>, account: Pick<KnownAccount, 'id' | 'tenantId' | 'homeAccountId'>, scope: string): Promise<FoundToken | RefusedToken | null> {
  const got = await auth.tokenFor(refOf(account), [scope]);
  if (!got.ok) return got.error.kind === 'signed-out' ? null : { refused: got.error.message };
  // Whose token it is, as the token says (the guest object in a guest tenant); MSAL's account if it does not.
  return { token: got.value.accessToken, source: 'session', accountId: accountIdFromToken(got.value.accessToken) ?? accountIdOf(got.value.account) };
}

/** Every account × tenant the cache holds (the tenant's name is not in the cache: its id stands in). */
export async function cacheAccounts(auth: Pick<AuthHandle, 'accounts'>, cloud: Cloud): Promise<KnownAccount[]> {
  return (await auth.accounts()).map((a) => ({
    id: accountIdOf(a),
    name: a.name ?? a.username,
    username: a.username,
    tenantId: a.tenantId,
    tenantName: a.tenantId,
    cloud,
    source: 'app',
    homeAccountId: a.homeAccountId,
    remembered: false,
    inSessionCache: true,
  }));
}
