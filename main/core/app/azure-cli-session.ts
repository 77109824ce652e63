/**
 * A session signed in through the Azure CLI ("Use my Azure CLI sign-in"): the real ARM client
 * with tokens from `az account get-access-token` (core/auth/azure-cli.ts), ARM only. The CLI's
 * token is for ARM's resource alone, so the Graph kinds are off with NO_GRAPH_VIA_AZURE_CLI.
 * A claims challenge (MFA step-up on a decision) cannot be answered here: az, not we, holds
 * the sign-in, so such a decision fails with ARM's words and the user runs `az login` again.
 */
import type { AccountSource } from '../model/state';
import { createArmClient } from '../arm/client';
import { azureCliTokenSource, type AzureCliOptions, type AzureCliTokenSource } from '../auth/azure-cli';
import type { Clock } from '../clock';
import type { FetchLike } from '../net/http';
import { clouds } from '../net/clouds';
import type { Cloud } from '../net/types';
import type { AccountSession, SignInProblem } from './app-core';

/** The reason the Graph kinds give in the window and `status` (accounts.md). */
export const NO_GRAPH_VIA_AZURE_CLI = "Signed in with the Azure CLI: Entra ID roles and groups need this app's own sign-in.";

/** An AccountSession that says where it came from (accounts.md: tenant, cloud, source). */
export type SourcedSession = AccountSession & {
  tenant: { id: string; name: string };
  cloud: Cloud;
  source: AccountSource;
};

/**
 * Why a session has no Graph, for the account's Graph kinds (services/registry.ts
 * sessionServices); undefined: the registry's general words.
 */
export function noGraphReason(session: Pick<AccountSession, 'source'>): string | undefined {
  return session.source === 'azure-cli' ? NO_GRAPH_VIA_AZURE_CLI : undefined;
}

export interface AzureCliSessionOptions extends Omit<AzureCliOptions, 'clock'> {
  clock: Clock;
  /** ARM origin; default the cloud's (tests: the simulator's loopback URL). */
  armEndpoint?: string;
  /** Electron's net.fetch in the app; Node's fetch elsewhere. */
  fetch?: FetchLike;
  /** A token source already made (one per account, kept across sign-ins); default a new one. */
  tokens?: AzureCliTokenSource;
}

/**
 * Asks az once (so a missing or signed-out CLI is said at once, in its words) and builds the
 * session around the account its token names. Later tokens come from the same source: cached
 * until 5 minutes before expiry, then az again.
 */
export async function azureCliSession(options: AzureCliSessionOptions): Promise<SourcedSession | SignInProblem> {
  const tokens = options.tokens ?? azureCliTokenSource(options);
  const first = await tokens.token();
  if (!first.ok) return { problem: first.problem.message };
  const me = first.value;
  const armEndpoint = options.armEndpoint ?? clouds[options.cloud].armEndpoint;
  const principalId = me.accountId.split('.')[0] ?? null;
  const api = createArmClient({
    endpoint: armEndpoint,
    clock: options.clock,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    principalId: async () => principalId,
    async getToken() {
      const got = await tokens.token();
      if (!got.ok) throw new Error(got.problem.message);
      // Another `az login` in between may have switched the CLI to another person: their
      // token must never act for this account (nothing sends with another account's credentials).
      if (got.value.accountId !== me.accountId) {
        tokens.clear();
        throw new Error('The Azure CLI is now signed in as someone else; run `az login` as this account again, or add the other one.');
      }
      return got.value.accessToken;
    },
  });
  return {
    account: { id: me.accountId, name: me.name ?? me.username ?? me.accountId, username: me.username ?? '' },
    principalId,
    armEndpoint,
    api,
    tenant: { id: me.tenantId, name: me.tenantId },
    cloud: options.cloud,
    source: 'azure-cli',
  };
}
