/**
 * Several real accounts side by side (issue 21): the AppCore hooks restoreSessions,
 * addAccount, signInAgain and forgetAccount over one MSAL cache (core/auth tokenFor per
 * account × tenant) and the Azure CLI (azure-cli-session.ts). Each session's tokens are its
 * own account's in its own tenant; nothing here ever hands one account's token to another's
 * session. main/electron/azure-sign-in.ts builds this with Electron's fetch and browser.
 */
import type { AddAccountRequest } from '../model/state';
import type { AccountRecord } from '../accounts/account-store';
import { accountIdOf, type AccountRef, type AuthAccount } from '../auth/types';
import type { AuthHandle } from '../auth';
import type { Clock } from '../clock';
import type { FetchLike } from '../net/http';
import type { Cloud } from '../net/types';
import type { AccountSession, RestoredSession, SignInProblem } from './app-core';
import { azureSessions } from './azure-session';

export interface AzureAccountsOptions {
  auth: AuthHandle;
  cloud: Cloud;
  armEndpoint: string;
  graphEndpoint?: string;
  clock: Clock;
  fetch?: FetchLike;
  /** "Use my Azure CLI sign-in" for a tenant (absent: the CLI's current one). */
  azureCli: (tenant?: string) => Promise<AccountSession | SignInProblem>;
}

const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function azureAccounts(options: AzureAccountsOptions) {
  const { auth } = options;
  const sessions = azureSessions({
    auth,
    armEndpoint: options.armEndpoint,
    ...(options.graphEndpoint ? { graphEndpoint: options.graphEndpoint } : {}),
    clock: options.clock,
    cloud: options.cloud,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });

  const refOf = (record: AccountRecord): AccountRef => ({ homeAccountId: record.homeAccountId ?? record.id, tenantId: record.tenantId });

  function sessionOf(account: AuthAccount): AccountSession {
    return sessions.forAccount(account, { homeAccountId: account.homeAccountId, tenantId: account.tenantId });
  }

  /**
   * The session with its tenant's name from ARM's tenant list (display name, else default
   * domain), asked once when an account is added or signed in again, so the window and the
   * remembered record say "Contoso", not a GUID. The id stays the name when the list cannot say.
   */
  async function named(session: AccountSession): Promise<AccountSession> {
    const id = session.tenant?.id;
    if (!id || !session.api.listTenants) return session;
    const listed = await session.api.listTenants().catch(() => null);
    const found = listed?.ok ? listed.value.find((t) => same(t.tenantId, id)) : undefined;
    const name = found?.displayName || found?.defaultDomain;
    return name ? { ...session, tenant: { id, name } } : session;
  }

  /** Named, or the problem as it was. */
  async function namedOr(got: AccountSession | SignInProblem): Promise<AccountSession | SignInProblem> {
    return 'problem' in got ? got : named(got);
  }

  /** A keychain failure offers the memory-only session, as the one-account sign-in does. */
  function problem(message: string): SignInProblem {
    return auth.state().status === 'keychain-unavailable' ? { problem: message, keychainUnavailable: true } : { problem: message };
  }

  /** The Azure CLI account `record` names, or why not (az signed in as someone else now). */
  async function viaAzureCli(record: Pick<AccountRecord, 'id' | 'tenantId' | 'username'>): Promise<AccountSession | SignInProblem> {
    const got = await options.azureCli(record.tenantId);
    if ('problem' in got) return got;
    if (!same(got.account.id, record.id)) return { problem: `The Azure CLI is signed in as ${got.account.username} in that tenant, not ${record.username}; run \`az login\` as ${record.username}, then try again.` };
    return got;
  }

  return {
    /**
     * At start: a session per remembered account whose tokens are still in the cache (no
     * network: the first poll asks for the token), else the account and what to do. Azure CLI
     * accounts ask az once each. Demo accounts are not ours.
     */
    async restore(records: AccountRecord[]): Promise<RestoredSession[]> {
      const cached = await auth.accounts();
      const out: RestoredSession[] = [];
      for (const record of records) {
        if (record.source === 'demo') continue;
        if (record.source === 'azure-cli') {
          const got = await viaAzureCli(record);
          out.push('problem' in got ? { accountId: record.id, problem: got.problem } : { ...got, tenant: { id: record.tenantId, name: record.tenantName } });
          continue;
        }
        const ref = refOf(record);
        const home = cached.filter((a) => same(a.homeAccountId, ref.homeAccountId));
        if (home.length === 0) {
          out.push({ accountId: record.id, problem: `Sign in to ${record.tenantName} again.` });
          continue;
        }
        // Its profile in that tenant when MSAL has one; else the record says who it is (a guest
        // tenant whose token was never asked for in this cache).
        const profile = home.find((a) => same(a.tenantId, record.tenantId)) ?? {
          ...(home[0] as AuthAccount),
          tenantId: record.tenantId,
          username: record.username,
          name: record.name,
          localAccountId: record.id.split('.')[0] ?? '',
        };
        // The remembered tenant name: restoring asks nothing of the network.
        out.push({ ...sessions.forAccount(profile, ref), tenant: { id: record.tenantId, name: record.tenantName } });
      }
      return out;
    },

    /** Settings › Accounts › Add account: a browser sign-in (optionally pinned), the Azure CLI, or a discovered guest tenant. */
    async add(request: AddAccountRequest): Promise<AccountSession | SignInProblem> {
      switch (request.source) {
        case 'app': {
          const signed = await auth.addAccount(request.tenant ? { tenant: request.tenant } : {});
          return signed.ok ? named(sessionOf(signed.value)) : problem(signed.error.message);
        }
        case 'azure-cli':
          return namedOr(await options.azureCli(request.tenant));
        case 'demo':
          return { problem: 'The demo tenant is added in demo mode only.' };
        case 'tenant': {
          // A guest tenant reached through an account already here: its home account's refresh
          // token, silently, at that tenant's authority; the token says who I am there.
          const via = (await auth.accounts()).find((a) => same(accountIdOf(a), request.viaAccountId));
          // Not in the cache: an Azure CLI account, whose guest tenants az serves with --tenant.
          if (!via) return namedOr(await options.azureCli(request.tenantId));
          const token = await auth.tokenFor({ homeAccountId: via.homeAccountId, tenantId: request.tenantId }, [auth.armScope ?? '']);
          if (!token.ok) return problem(token.error.message);
          return named(sessionOf(token.value.account));
        }
      }
    },

    /** Signs a remembered account in again; refuses a different person picked in the browser or az. */
    async signInAgain(record: AccountRecord): Promise<AccountSession | SignInProblem> {
      if (record.source === 'azure-cli') return namedOr(await viaAzureCli(record));
      if (record.source === 'demo') return { problem: 'The demo tenant signs in in demo mode only.' };
      const signed = await auth.addAccount({ tenant: record.tenantId });
      if (!signed.ok) return problem(signed.error.message);
      if (!same(accountIdOf(signed.value), record.id)) {
        return { problem: `You signed in as ${signed.value.username}, not ${record.username}: choose ${record.username} to sign that account in again (${signed.value.username} is kept; remove it in Settings if you did not mean to add it).` };
      }
      return named(sessionOf(signed.value));
    },

    /**
     * Drops an account's tokens. A home account leaves the cache with every tenant profile
     * under it; a guest account's tokens are its home account's, so they go only when the
     * home account goes (MSAL removes whole accounts, never one tenant profile). The Azure
     * CLI's sign-in is az's own: we keep nothing of it to drop.
     */
    forget: (record: AccountRecord) => forgetTokens(auth, record),
  };
}

/** azureAccounts().forget without the rest: what removal needs of the Auth in use. */
export async function forgetTokens(auth: Pick<AuthHandle, 'forget'>, record: AccountRecord): Promise<void> {
  if (record.source !== 'app') return;
  const home = record.homeAccountId ?? record.id;
  if (same(home, record.id)) await auth.forget(home);
}
