/**
 * Sign-in for the Electron app: MSAL (core/auth) with the browser opened by the OS and
 * HTTP through Electron's net.fetch (system proxy, PAC, OS trust store, design.md). The
 * browser may only be sent to the configured cloud's sign-in host over https; every other
 * external URL goes through external-links.ts's allowlist.
 */
import { net, shell } from 'electron';
import path from 'node:path';
import type { Settings } from '../core/model/state';
import type { AccountSession, RestoredSession, SignInProblem } from '../core/app/app-core';
import { azureSessions } from '../core/app/azure-session';
import { azureCliSession } from '../core/app/azure-cli-session';
import { azureAccounts, forgetTokens } from '../core/app/azure-accounts';
import type { AccountRecord } from '../core/accounts/account-store';
import type { AddAccountRequest } from '../core/model/state';
import { createAuth, fetchNetworkClient, type AuthHandle, type Logger } from '../core/auth';
import { clouds } from '../core/net/clouds';
import type { Clock } from '../core/clock';

/** True only for https URLs on the cloud's authority host (the MSAL authorize page). */
export function isSignInUrl(url: string, cloud: Settings['account']['cloud']): boolean {
  try {
    const u = new URL(url);
    return u.protocol === 'https:' && u.origin === new URL(clouds[cloud].authorityHost).origin && !u.username && !u.password;
  } catch {
    return false;
  }
}

export interface AzureSignInOptions {
  dataDir: string;
  clock: Clock;
  logger: Logger;
}

/** Restore and sign-in strategies for AppCore; one Auth per settings (rebuilt when they change). */
export function azureSignIn(options: AzureSignInOptions) {
  let current: { key: string; auth: AuthHandle } | null = null;

  async function authFor(settings: Settings): Promise<AuthHandle> {
    const key = JSON.stringify(settings.account);
    if (current?.key === key) return current.auth;
    const { cloud, tenant, clientId } = settings.account;
    const auth = createAuth({
      settings: { cloud, tenant, clientId },
      dataDir: path.join(options.dataDir),
      openBrowser: async (url) => {
        if (!isSignInUrl(url, cloud)) throw new Error('Refusing to open a sign-in page outside the configured cloud');
        await shell.openExternal(url);
      },
      networkClient: fetchNetworkClient((input, init) => net.fetch(input, init)),
      logger: options.logger,
      clock: options.clock,
    });
    await auth.start();
    current = { key, auth };
    return auth;
  }

  function sessions(auth: AuthHandle, settings: Settings) {
    return azureSessions({ auth, armEndpoint: clouds[settings.account.cloud].armEndpoint, graphEndpoint: clouds[settings.account.cloud].graphEndpoint, clock: options.clock, fetch: (input, init) => net.fetch(input, init) });
  }

  /** Several accounts over the one MSAL cache of these settings, and the Azure CLI (core/app/azure-accounts.ts). */
  async function accounts(settings: Settings) {
    const { cloud } = settings.account;
    const fetch = (input: string, init?: RequestInit) => net.fetch(input, init);
    return azureAccounts({
      auth: await authFor(settings),
      cloud,
      armEndpoint: clouds[cloud].armEndpoint,
      graphEndpoint: clouds[cloud].graphEndpoint,
      clock: options.clock,
      fetch,
      azureCli: (tenant) => azureCliSession({ cloud, ...(tenant ? { tenant } : {}), clock: options.clock, logger: options.logger, fetch }),
    });
  }

  return {
    /** At start: a session per remembered account that still has tokens (AppCore restoreSessions). */
    async restoreAll(settings: Settings, remembered: AccountRecord[]): Promise<RestoredSession[]> {
      if (remembered.length === 0) {
        // Nothing remembered yet (a first run, or the one-account version before): MSAL's one session.
        const one = settings.account.clientId ? await sessions(await authFor(settings), settings).restore() : null;
        return one ? [one] : [];
      }
      return (await accounts(settings)).restore(remembered);
    },
    /** Settings › Accounts › Add account (AppCore addAccount). */
    async add(request: AddAccountRequest, settings: Settings): Promise<AccountSession | SignInProblem> {
      return (await accounts(settings)).add(request);
    },
    /** Sign a remembered account in again (AppCore signInAgain). */
    async signInAgain(record: AccountRecord, settings: Settings): Promise<AccountSession | SignInProblem> {
      return (await accounts(settings)).signInAgain(record);
    },
    /** Drop one account's tokens (AppCore forgetAccount); the Auth of the settings in use. */
    async forget(record: AccountRecord): Promise<void> {
      if (current) await forgetTokens(current.auth, record);
    },
    async restore(settings: Settings): Promise<AccountSession | null> {
      if (!settings.account.clientId) return null;
      const auth = await authFor(settings);
      return sessions(auth, settings).restore();
    },
    async signIn(settings: Settings): Promise<AccountSession | SignInProblem> {
      const auth = await authFor(settings);
      const outcome = await sessions(auth, settings).signIn();
      if ('problem' in outcome && auth.state().status === 'keychain-unavailable') return { ...outcome, keychainUnavailable: true };
      return outcome;
    },
    cancel(): void {
      current?.auth.cancelSignIn();
    },
    async signOut(): Promise<void> {
      await current?.auth.signOut();
    },
    async useMemoryOnly(): Promise<void> {
      await current?.auth.useMemoryOnlySession();
    },
  };
}
