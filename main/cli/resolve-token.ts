/**
 * Where the CLI gets its access tokens: ARM_ACCESS_TOKEN (or GRAPH_ACCESS_TOKEN for Graph)
 * first (automation), then the signed-in session shared with the app (./auth-commands, loaded only when a session cache
 * exists). resolveToken tries `tokenSources` in order; adding a source is one line.
 * A token from the environment with whitespace or a control character inside is refused
 * before any request: sent, it would break the header and could end up in an error text.
 * Each token comes with the account it belongs to (`{oid}.{tid}`, as the app's MSAL
 * homeAccountId), which decides whose decisions it may send.
 * Never prints, logs or stores a token.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Cloud } from '../core/arm/types';
import { accountIdFromToken } from '../core/net/token-identity';
import type { KnownAccount } from './account-choice';

export interface TokenRequest {
  cloud: Cloud | null;
  /** The ARM token scope of that cloud (null for a custom endpoint). */
  scope: string | null;
  /** --tenant / --client-id for the session (null: settings from the environment). */
  tenant?: string | null;
  clientId?: string | null;
}

export interface FoundToken {
  token: string;
  source: string;
  /** Whose token: `{oid}.{tid}` from its claims, or the session's home account id; null when it cannot be told. */
  accountId: string | null;
}

/** A token that was there but must not be used; `message` says why and never holds the token. */
export interface RefusedToken {
  refused: string;
}

/** A token source answers a token, a refusal, or null when it has none (the next source is tried). */
export type TokenSource = (env: NodeJS.ProcessEnv, request: TokenRequest) => Promise<FoundToken | RefusedToken | null>;

/**
 * Why a token from the environment cannot be used, or null when it can. Surrounding
 * whitespace is trimmed first (a shell or a file adds a trailing newline); anything inside
 * that no access token has is refused.
 */
export function tokenProblem(name: string, token: string): string | null {
  // eslint-disable-next-line no-control-regex -- control and format characters are what we look for
  if (/[\s\u0000-\u001f\u007f-\u009f\p{Cf}]/u.test(token)) return `${name} contains whitespace or a control character; it was not used.`;
  if (/[^\x21-\x7e]/.test(token)) return `${name} contains a character no access token has; it was not used.`;
  return null;
}

function fromVariable(name: 'ARM_ACCESS_TOKEN' | 'GRAPH_ACCESS_TOKEN'): TokenSource {
  return async (env) => {
    const token = env[name]?.trim();
    if (!token) return null;
    const problem = tokenProblem(name, token);
    return problem ? { refused: problem } : { token, source: name, accountId: accountIdFromToken(token) };
  };
}

export const fromEnvironment: TokenSource = fromVariable('ARM_ACCESS_TOKEN');

/** The app's signed-in session; a custom endpoint (no cloud) never gets a session token. */
export const fromSession: TokenSource = async (env, request) => {
  if (!request.cloud || !request.scope) return null;
  const m = await import('./auth-commands');
  const dataDir = m.defaultDataDir(env);
  const { CACHE_FILE } = await import('../core/auth/cache-plugin');
  if (!existsSync(join(dataDir, CACHE_FILE))) return null; // never signed in: do not touch the keychain
  const settings = m.cliAuthSettings(
    { cloud: request.cloud, ...(request.tenant ? { tenant: request.tenant } : {}), ...(request.clientId ? { clientId: request.clientId } : {}) },
    env,
  );
  const scope = request.scope;
  const result = await m.resolveTokenWithAuth(env, () => m.createCliAuth({ settings, dataDir }), scope);
  if (!result.ok) return null;
  const { accessToken, source, homeAccountId } = result.value;
  // The session's account is the app's account id as is, so both name one person alike.
  return { token: accessToken, source: source === 'env' ? 'ARM_ACCESS_TOKEN' : 'session', accountId: source === 'env' ? accountIdFromToken(accessToken) : homeAccountId };
};

export const tokenSources: TokenSource[] = [fromEnvironment, fromSession];

/**
 * A remembered app account's token from the session cache (issue 21): MSAL's silent token for
 * that account in its tenant. Null when the cache does not hold it; never for a custom endpoint.
 */
export async function fromSessionAccount(env: NodeJS.ProcessEnv, request: TokenRequest, account: Pick<KnownAccount, 'id' | 'tenantId' | 'homeAccountId'>): Promise<FoundToken | RefusedToken | null> {
  if (!request.cloud || !request.scope) return null;
  const m = await import('./auth-commands');
  const dataDir = m.defaultDataDir(env);
  const { CACHE_FILE } = await import('../core/auth/cache-plugin');
  if (!existsSync(join(dataDir, CACHE_FILE))) return null; // never signed in: do not touch the keychain
  const settings = m.cliAuthSettings({ cloud: request.cloud, ...(request.clientId ? { clientId: request.clientId } : {}) }, env);
  const auth = m.createCliAuth({ settings, dataDir });
  const state = await auth.start();
  if (state.status === 'error' || state.status === 'keychain-unavailable') return { refused: state.message };
  const { sessionTokenFor } = await import('./session-account');
  return sessionTokenFor(auth, account, request.scope);
}

/**
 * An Azure CLI account's token (issue 21): `az account get-access-token --tenant T`, asked
 * for this run and never stored. Like the session's, it goes only to the cloud's own ARM,
 * never to an --arm-endpoint.
 */
export async function fromAzureCli(env: NodeJS.ProcessEnv, request: TokenRequest, tenantId: string): Promise<FoundToken | RefusedToken> {
  if (!request.cloud) return { refused: "the Azure CLI's token is sent only to the cloud's own ARM, not to --arm-endpoint; give ARM_ACCESS_TOKEN instead." };
  const { azureCliTokenSource } = await import('../core/auth/azure-cli');
  const got = await azureCliTokenSource({ cloud: request.cloud, tenant: tenantId, env }).token();
  if (!got.ok) return { refused: got.problem.message };
  return { token: got.value.accessToken, source: 'azure-cli', accountId: got.value.accountId };
}

/** GRAPH_ACCESS_TOKEN (automation; one token for both Graph kinds). */
export const fromGraphEnvironment: TokenSource = fromVariable('GRAPH_ACCESS_TOKEN');

/**
 * A Graph token: GRAPH_ACCESS_TOKEN, else the signed-in session for the kind's scope.
 * ARM_ACCESS_TOKEN is never used here: an ARM token must not be sent to Graph.
 */
export async function resolveGraphToken(env: NodeJS.ProcessEnv, request: TokenRequest): Promise<FoundToken | RefusedToken | null> {
  return resolveToken({ ...env, ARM_ACCESS_TOKEN: undefined }, request, [fromGraphEnvironment, fromSession]);
}

/** The first source's answer; a refusal stops the search (a bad token is not silently replaced by another). */
export async function resolveToken(env: NodeJS.ProcessEnv, request: TokenRequest, sources: readonly TokenSource[] = tokenSources): Promise<FoundToken | RefusedToken | null> {
  for (const source of sources) {
    const found = await source(env, request);
    if (found) return found;
  }
  return null;
}

export function isRefused(found: FoundToken | RefusedToken): found is RefusedToken {
  return 'refused' in found;
}
