/**
 * The accounts the CLI knows of (issue 21): the app's remembered accounts (accounts.json in
 * the shared data dir), the accounts the sign-in session cache holds, and the default account
 * the settings name (settings.json's `defaultAccount`). Reads only: the app owns both files,
 * and a file that cannot be read is named on stderr and treated as empty, never repaired here
 * (renaming the app's file aside is the app's call). The session cache is opened only when
 * its file exists, so a machine that never signed in never touches the keychain.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readFileIfExists } from '../core/fs/atomic-file';
import { accountStore } from '../core/accounts/account-store';
import { isCloud } from '../core/net/clouds';
import type { Cloud } from '../core/arm/types';
import type { KnownAccount } from './account-choice';
import { cacheAccounts } from './session-account';
import { inertText } from './inert-text';

const SETTINGS_FILE = 'settings.json';

export interface Warn {
  (line: string): void;
}

/** The remembered accounts (core's account store); a missing file is none, a bad one is none and said once. */
export async function rememberedAccounts(dataDir: string, warn: Warn): Promise<KnownAccount[]> {
  let loaded;
  try {
    loaded = await accountStore(dataDir).load();
  } catch (err) {
    warn(`pim-approvals: warning: the app's account list could not be read (${inertText(err instanceof Error ? err.message : String(err))}); no remembered accounts are used.\n`);
    return [];
  }
  if (loaded.problem) warn(`pim-approvals: warning: ${inertText(loaded.problem)}\n`);
  return loaded.accounts.map((a) => ({
    id: a.id.toLowerCase(),
    name: a.name,
    username: a.username,
    tenantId: a.tenantId,
    tenantName: a.tenantName || a.tenantId,
    cloud: a.cloud,
    source: a.source,
    ...(a.homeAccountId ? { homeAccountId: a.homeAccountId } : {}),
    remembered: true,
    inSessionCache: false,
  }));
}

/** settings.json's defaultAccount (an account id or name), or null. Other settings are the app's business. */
export async function defaultAccountSetting(dataDir: string): Promise<string | null> {
  try {
    const bytes = await readFileIfExists(join(dataDir, SETTINGS_FILE));
    if (!bytes) return null;
    const raw = JSON.parse(bytes.toString('utf8')) as unknown;
    const value = typeof raw === 'object' && raw !== null ? (raw as { defaultAccount?: unknown }).defaultAccount : undefined;
    return typeof value === 'string' && value.trim() ? value.trim() : null;
  } catch {
    // A damaged settings file is the app's to report; without it there is simply no default.
    return null;
  }
}

/**
 * The accounts the session cache holds (the app's and `pim-approvals login`'s), or none. Needs
 * the keychain, so only when the cache file exists; a session that cannot be opened is none
 * (the command that needs a token says why when it asks for one).
 */
export async function sessionAccounts(env: NodeJS.ProcessEnv, flags: { cloud: Cloud | null; tenant: string | null; clientId: string | null }): Promise<KnownAccount[]> {
  const m = await import('./auth-commands');
  const dataDir = m.defaultDataDir(env);
  const { CACHE_FILE } = await import('../core/auth/cache-plugin');
  if (!existsSync(join(dataDir, CACHE_FILE))) return [];
  const settings = m.cliAuthSettings(
    { ...(flags.cloud ? { cloud: flags.cloud } : {}), ...(flags.tenant ? { tenant: flags.tenant } : {}), ...(flags.clientId ? { clientId: flags.clientId } : {}) },
    env,
  );
  const auth = m.createCliAuth({ settings, dataDir });
  const state = await auth.start();
  if (state.status === 'error' || state.status === 'keychain-unavailable') return [];
  return cacheAccounts(auth, isCloud(settings.cloud) ? settings.cloud : 'public');
}
