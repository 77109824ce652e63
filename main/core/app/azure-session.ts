/**
 * Sessions on real Azure: turns the signed-in MSAL account into an AccountSession whose ARM
 * client takes a fresh token (silent refresh) before every call, and whose decisions step
 * up once when ARM or Graph asks for more claims (core/auth/decision-step-up.ts, wrapped
 * around the clients here so a decision never runs through this folder). Never sees or logs
 * a token beyond handing it to the clients.
 */
import { createArmClient } from '../arm/client';
import type { FetchLike } from '../net/http';
import type { Clock } from '../clock';
import type { AuthAccount, AuthHandle } from '../auth';
import { accountIdOf, type AccountRef, type Auth } from '../auth/types';
import type { Cloud } from '../net/types';
import { armDecisionsWithStepUp, graphDecisionsWithStepUp, graphKindScope } from '../auth/decision-step-up';
import type { AccountSession, GraphSession } from './app-core';
import { createGraphClient } from '../graph/client';
import type { GraphKind } from '../graph/types';

export interface AzureSessionOptions {
  auth: AuthHandle;
  armEndpoint: string;
  /** The cloud's Microsoft Graph origin; absent turns the Graph kinds off. */
  graphEndpoint?: string;
  clock: Clock;
  /** Electron's net.fetch in the app (system proxy, OS trust store); Node's fetch elsewhere. */
  fetch?: FetchLike;
  /** The cloud the sessions say they are in (default public). */
  cloud?: Cloud;
}

export function azureSessions(options: AzureSessionOptions) {
  const { auth } = options;

  /**
   * The session of one account. With `ref` every token is that account × tenant's
   * (auth.forAccount: several accounts side by side); without, the Auth's one account (the
   * single-account path of restore and signIn).
   */
  function sessionFor(account: AuthAccount, ref?: AccountRef): AccountSession {
    const tokens: Pick<Auth, 'token'> = ref ? auth.forAccount(ref) : auth;
    const scope = auth.armScope;
    if (!scope) throw new Error('Sign-in settings are incomplete');
    const api = createArmClient({
      endpoint: options.armEndpoint,
      clock: options.clock,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      async getToken() {
        const got = await tokens.token([scope]);
        if (!got.ok) throw new Error(got.error.message);
        return got.value.accessToken;
      },
    });
    // `decide`'s options carry the outbox's fence (beforeWrite) and meter through the step-up.
    const withStepUp = armDecisionsWithStepUp(api, tokens, [scope]);
    // My object id in this tenant (a guest's own there), else the home account id's "{oid}.{tid}".
    const principalId = account.localAccountId ?? account.homeAccountId.split('.')[0] ?? null;
    const id = ref ? accountIdOf(account) : account.homeAccountId;
    return {
      account: { id, name: account.name ?? account.username, username: account.username },
      principalId,
      armEndpoint: options.armEndpoint,
      api: withStepUp,
      ...(options.graphEndpoint ? { graph: graphSession(options.graphEndpoint, principalId, tokens) } : {}),
      tenant: { id: account.tenantId.toLowerCase(), name: account.tenantId.toLowerCase() },
      cloud: options.cloud ?? 'public',
      source: 'app',
      ...(id !== account.homeAccountId.toLowerCase() ? { homeAccountId: account.homeAccountId } : {}),
    };
  }

  /**
   * Each Graph kind asks for its own permission, so one missing consent turns off one kind.
   * Decisions step up once when Graph asks for more claims, as ARM's do.
   */
  function graphSession(endpoint: string, principalId: string | null, tokens: Pick<Auth, 'token'>): GraphSession {
    const scopeOf = (kind: GraphKind) => graphKindScope(endpoint, kind);
    const api = createGraphClient({
      endpoint,
      clock: options.clock,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      principalId: async () => principalId,
      async getToken(kind) {
        const got = await tokens.token([scopeOf(kind)]);
        if (!got.ok) throw new Error(got.error.message);
        return got.value.accessToken;
      },
    });
    return {
      endpoint,
      api: graphDecisionsWithStepUp(api, tokens, endpoint),
      async access(kind) {
        const got = await tokens.token([scopeOf(kind)]);
        if (got.ok) return { ok: true };
        // Only a refused consent turns the kind off; being offline or signed out is ARM's story.
        if (got.error.kind === 'consent-required') return { ok: false, reason: got.error.message };
        return { ok: false, reason: `Could not get a Microsoft Graph token: ${got.error.message}`, transient: true };
      },
    };
  }

  return {
    /** The session MSAL kept from last time, if it is still good. */
    async restore(): Promise<AccountSession | null> {
      const account = await auth.account();
      return account ? sessionFor(account) : null;
    },
    async signIn(signal?: AbortSignal): Promise<AccountSession | { problem: string }> {
      const signed = await auth.signIn(signal ? { signal } : {});
      if (!signed.ok) return { problem: signed.error.message };
      return sessionFor(signed.value);
    },
    /** One account × tenant, its tokens its own (several accounts): `account` as MSAL or its token names it. */
    forAccount(account: AuthAccount, ref: AccountRef): AccountSession {
      return sessionFor(account, ref);
    },
  };
}
