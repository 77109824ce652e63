/**
 * Which account a CLI run acts as (issue 21): `--account NAME|ID` matched against the known
 * accounts, else the only one, else the default the settings name. Pure: the accounts come
 * in, a choice (or why there is none) comes out; ./known-accounts reads them from disk and
 * ./account-problems words the refusals. Matching is case-insensitive: first exact on the
 * account id, user name, tenant id, tenant name or domain (the user name's domain), then,
 * only when nothing matched exactly, a prefix of the account id.
 */
import type { Cloud } from '../core/arm/types';

/** Where an account gets its tokens (accounts.md: app, azure-cli, demo). */
export type AccountSourceName = 'app' | 'azure-cli' | 'demo';

export interface KnownAccount {
  /** `{oid}.{tid}`, lower-case: the outbox's and the app's key of the account. */
  id: string;
  name: string;
  username: string;
  tenantId: string;
  /** Display name, else default domain, else the id (as the app shows it). */
  tenantName: string;
  cloud: Cloud;
  source: AccountSourceName;
  /** MSAL's home account id (a guest's is its home tenant's); absent: the id itself. */
  homeAccountId?: string;
  /** Kept in the app's accounts.json. */
  remembered: boolean;
  /** Held by the sign-in session cache the CLI shares with the app. */
  inSessionCache: boolean;
}

export type AccountChoice =
  | { kind: 'chosen'; account: KnownAccount; by: 'option' | 'only' | 'default' }
  /** No account is known at all: the caller keeps its single-session behaviour. */
  | { kind: 'no-accounts' }
  | { kind: 'no-match'; query: string; accounts: readonly KnownAccount[] }
  | { kind: 'ambiguous'; query: string; matches: readonly KnownAccount[] }
  /** Several accounts and none chosen; `defaultProblem` when the settings name one that cannot be used. */
  | { kind: 'several'; accounts: readonly KnownAccount[]; defaultProblem: string | null };

const domainOf = (username: string): string | null => {
  const at = username.lastIndexOf('@');
  return at >= 0 && at < username.length - 1 ? username.slice(at + 1) : null;
};

/** The accounts `query` names: exact matches, else id-prefix matches. */
export function matchAccounts(accounts: readonly KnownAccount[], query: string): KnownAccount[] {
  const q = query.trim().toLowerCase();
  if (!q) return [];
  const exact = accounts.filter((a) =>
    [a.id, a.username, a.tenantId, a.tenantName, domainOf(a.username)].some((field) => field !== null && field.toLowerCase() === q),
  );
  if (exact.length > 0) return exact;
  return accounts.filter((a) => a.id.toLowerCase().startsWith(q));
}

export function chooseAccount(accounts: readonly KnownAccount[], wanted: string | null, defaultAccount: string | null): AccountChoice {
  if (wanted !== null) {
    const matches = matchAccounts(accounts, wanted);
    if (matches.length === 1) return { kind: 'chosen', account: matches[0] as KnownAccount, by: 'option' };
    return matches.length === 0 ? { kind: 'no-match', query: wanted, accounts } : { kind: 'ambiguous', query: wanted, matches };
  }
  // The demo world lives in the app, where the CLI cannot sign in: a demo account is used only when named.
  const pool = accounts.filter((a) => a.source !== 'demo');
  if (pool.length === 0) return { kind: 'no-accounts' };
  if (pool.length === 1) return { kind: 'chosen', account: pool[0] as KnownAccount, by: 'only' };
  if (defaultAccount === null || !defaultAccount.trim()) return { kind: 'several', accounts: pool, defaultProblem: null };
  const matches = matchAccounts(pool, defaultAccount);
  if (matches.length === 1) return { kind: 'chosen', account: matches[0] as KnownAccount, by: 'default' };
  return { kind: 'several', accounts: pool, defaultProblem: matches.length === 0 ? 'names no account here' : `names ${matches.length} accounts` };
}

/** Accounts by id, each once: the first one listed wins (remembered before the session cache's). */
export function mergeAccounts(...lists: readonly (readonly KnownAccount[])[]): KnownAccount[] {
  const byId = new Map<string, KnownAccount>();
  for (const a of lists.flat()) {
    const seen = byId.get(a.id);
    byId.set(a.id, seen ? { ...seen, remembered: seen.remembered || a.remembered, inSessionCache: seen.inSessionCache || a.inSessionCache } : a);
  }
  return [...byId.values()];
}
