/**
 * Who a session is, as the accounts list and accounts.json name it. Sessions made before
 * accounts carried their tenant (older hooks, tests) still say it: the tenant id is the
 * `tid` half of the account id (`{oid}.{tid}`), and the id stands for the name until Azure
 * says better.
 */
import type { TenantRef } from '../model/state';
import type { AccountRecord } from '../accounts/account-store';
import type { AccountSession } from './app-core';

/** The `tid` of an account id `{oid}.{tid}`; the whole id when it has no dot. */
export function tenantIdOfAccount(accountId: string): string {
  const dot = accountId.indexOf('.');
  return (dot >= 0 ? accountId.slice(dot + 1) : accountId).toLowerCase();
}

export function tenantOfSession(session: AccountSession): TenantRef {
  if (session.tenant) return session.tenant;
  const id = tenantIdOfAccount(session.account.id);
  return { id, name: id };
}

/** What accounts.json keeps of a signed-in session (never a token). */
export function recordOfSession(session: AccountSession, mode: 'azure' | 'demo'): AccountRecord {
  const tenant = tenantOfSession(session);
  return {
    id: session.account.id,
    name: session.account.name,
    username: session.account.username,
    tenantId: tenant.id,
    tenantName: tenant.name,
    cloud: session.cloud ?? 'public',
    source: session.source ?? (mode === 'demo' ? 'demo' : 'app'),
    ...(session.homeAccountId ? { homeAccountId: session.homeAccountId } : {}),
  };
}
