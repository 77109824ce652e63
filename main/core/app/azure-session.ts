/**
 * Sessions on real Azure: turns the signed-in MSAL account into an AccountSession whose ARM
 * client takes a fresh token (silent refresh) before every call, and whose decisions step
 * up once when ARM asks for more claims (mandatory MFA on writes, pim-api.md): the stepped-up
 * token carries that one retried decision only, never other calls. Never sees
 * or logs a token beyond handing it to the ARM client.
 */
import type { ArmApi } from '../arm/types';
import { createArmClient } from '../arm/client';
import type { FetchLike } from '../net/http';
import type { Clock } from '../clock';
import { withClaimsStepUp, type AuthAccount, type AuthHandle } from '../auth';
import type { AccountSession, GraphSession } from './app-core';
import { graphScope } from '../net/clouds';
import { createGraphClient } from '../graph/client';
import type { GraphKind } from '../graph/types';
import { kindOfStagePath } from '../graph/urls';
import { kindPermission } from '../../../preload/item-labels';

export interface AzureSessionOptions {
  auth: AuthHandle;
  armEndpoint: string;
  /** The cloud's Microsoft Graph origin; absent turns the Graph kinds off. */
  graphEndpoint?: string;
  clock: Clock;
  /** Electron's net.fetch in the app (system proxy, OS trust store); Node's fetch elsewhere. */
  fetch?: FetchLike;
}

export function azureSessions(options: AzureSessionOptions) {
  const { auth } = options;

  function sessionFor(account: AuthAccount): AccountSession {
    const scope = auth.armScope;
    if (!scope) throw new Error('Sign-in settings are incomplete');
    const api = createArmClient({
      endpoint: options.armEndpoint,
      clock: options.clock,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      async getToken() {
        const got = await auth.token([scope]);
        if (!got.ok) throw new Error(got.error.message);
        return got.value.accessToken;
      },
    });
    const withStepUp: ArmApi = {
      ...api,
      listScheduleRequests: (...a) => api.listScheduleRequests(...a),
      listApprovals: (...a) => api.listApprovals(...a),
      getApproval: (...a) => api.getApproval(...a),
      getStage: (...a) => api.getStage(...a),
      // `options` carries the outbox's fence (beforeWrite): dropping it here would let a stalled
      // process that lost its drain lock write after all. The token (a stepped-up one on the
      // retry) travels with this one decision, never pinned on the shared client.
      decide: (stageId, result, justification, signal, decideOptions) =>
        withClaimsStepUp(auth, [scope], (token) => api.decide(stageId, result, justification, signal, { ...decideOptions, accessToken: token })),
    };
    // The home account id is "{oid}.{tid}": the oid is my principal id in the tenant.
    const principalId = account.homeAccountId.split('.')[0] ?? null;
    return {
      account: { id: account.homeAccountId, name: account.name ?? account.username, username: account.username },
      principalId,
      armEndpoint: options.armEndpoint,
      api: withStepUp,
      ...(options.graphEndpoint ? { graph: graphSession(options.graphEndpoint, principalId) } : {}),
    };
  }

  /**
   * Each Graph kind asks for its own permission, so one missing consent turns off one kind.
   * Decisions step up once when Graph asks for more claims, as ARM's do.
   */
  function graphSession(endpoint: string, principalId: string | null): GraphSession {
    const scopeOf = (kind: GraphKind) => graphScope(endpoint, kindPermission(kind) ?? '');
    const api = createGraphClient({
      endpoint,
      clock: options.clock,
      ...(options.fetch ? { fetch: options.fetch } : {}),
      principalId: async () => principalId,
      async getToken(kind) {
        const got = await auth.token([scopeOf(kind)]);
        if (!got.ok) throw new Error(got.error.message);
        return got.value.accessToken;
      },
    });
    return {
      endpoint,
      api: {
        ...api,
        decide: (path, result, justification, signal, decideOptions) => {
          const kind = kindOfStagePath(path);
          if (!kind) return api.decide(path, result, justification, signal, decideOptions); // refused by the client, before any call
          return withClaimsStepUp(auth, [scopeOf(kind)], (token) => api.decide(path, result, justification, signal, { ...decideOptions, accessToken: token }));
        },
      },
      async access(kind) {
        const got = await auth.token([scopeOf(kind)]);
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
  };
}
