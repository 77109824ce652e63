/**
 * Where the CLI gets its access tokens: ARM_ACCESS_TOKEN (or GRAPH_ACCESS_TOKEN for Graph)
 * first (automation), then the signed-in session shared with the app (./auth-commands, loaded only when a session cache
 * exists). resolveToken tries `tokenSources` in order; adding a source is one line.
 * Never prints, logs or stores a token.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Cloud } from '../core/arm/types';

export interface TokenRequest {
  cloud: Cloud | null;
  /** The ARM token scope of that cloud (null for a custom endpoint). */
  scope: string | null;
  /** --tenant / --client-id for the session (null: settings from the environment). */
  tenant?: string | null;
  clientId?: string | null;
}

/** A token source answers a token, or null when it has none (the next source is tried). */
export type TokenSource = (env: NodeJS.ProcessEnv, request: TokenRequest) => Promise<{ token: string; source: string } | null>;

export const fromEnvironment: TokenSource = async (env) => {
  const token = env.ARM_ACCESS_TOKEN?.trim();
  return token ? { token, source: 'ARM_ACCESS_TOKEN' } : null;
};

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
  return result.ok ? { token: result.value.accessToken, source: result.value.source === 'env' ? 'ARM_ACCESS_TOKEN' : 'session' } : null;
};

export const tokenSources: TokenSource[] = [fromEnvironment, fromSession];

/** GRAPH_ACCESS_TOKEN (automation; one token for both Graph kinds). */
export const fromGraphEnvironment: TokenSource = async (env) => {
  const token = env.GRAPH_ACCESS_TOKEN?.trim();
  return token ? { token, source: 'GRAPH_ACCESS_TOKEN' } : null;
};

/**
 * A Graph token: GRAPH_ACCESS_TOKEN, else the signed-in session for the kind's scope.
 * ARM_ACCESS_TOKEN is never used here: an ARM token must not be sent to Graph.
 */
export async function resolveGraphToken(env: NodeJS.ProcessEnv, request: TokenRequest): Promise<{ token: string; source: string } | null> {
  return resolveToken({ ...env, ARM_ACCESS_TOKEN: undefined }, request, [fromGraphEnvironment, fromSession]);
}

export async function resolveToken(
  env: NodeJS.ProcessEnv,
  request: TokenRequest,
  sources: readonly TokenSource[] = tokenSources,
): Promise<{ token: string; source: string } | null> {
  for (const source of sources) {
    const found = await source(env, request);
    if (found) return found;
  }
  return null;
}
