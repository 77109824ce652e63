/**
 * The account in `outbox` and `history` (issue 21): `--account` narrows the journal to one
 * account's decisions (named as for any command, or by an account id only the journal knows),
 * and with more than one account present a column says whose each decision is — the tenant's
 * name where the app remembers the account (with the user name when two accounts share a
 * tenant), else the account id. Words only; the journal is read by the callers.
 */
import { mergeAccounts, type KnownAccount } from './account-choice';
import { inertText } from './inert-text';
import type { AccountRun } from './run-account';
import { accountKey } from '../core/outbox/stage-key';

/** An account only the journal names: its id, and the tenant id the id carries. */
function journalAccount(id: string): KnownAccount {
  const tenantId = id.split('.')[1] ?? '';
  return { id: id.toLowerCase(), name: '', username: '', tenantId, tenantName: tenantId || id, cloud: 'public', source: 'app', remembered: false, inSessionCache: false };
}

/** `entries` of the account --account names (all when it is not given), or the exit code after saying why not. */
export function entriesOfAccount<T extends { accountId: string }>(
  accounts: AccountRun | undefined,
  known: readonly KnownAccount[],
  entries: readonly T[],
): { ok: true; entries: T[] } | { ok: false; exitCode: number } {
  if (!accounts || accounts.wanted === null) return { ok: true, entries: [...entries] };
  const picked = accounts.pick(mergeAccounts(known, entries.map((e) => journalAccount(e.accountId))));
  if (!picked.ok) return picked;
  const wanted = accountKey(picked.account?.id ?? '');
  return { ok: true, entries: entries.filter((e) => accountKey(e.accountId) === wanted) };
}

export interface AccountColumn {
  /** More than one account is present (remembered, or among the decisions listed). */
  show: boolean;
  /** Inert text naming the account of `accountId`. */
  label(accountId: string): string;
}

export function accountColumn(known: readonly KnownAccount[], accountIds: readonly string[]): AccountColumn {
  const present = new Set([...known.map((a) => accountKey(a.id)), ...accountIds.map(accountKey)]);
  const byKey = new Map(known.map((a) => [accountKey(a.id), a]));
  const tenantCount = new Map<string, number>();
  for (const a of known) tenantCount.set(a.tenantName.toLowerCase(), (tenantCount.get(a.tenantName.toLowerCase()) ?? 0) + 1);
  return {
    show: present.size > 1,
    label(accountId) {
      const a = byKey.get(accountKey(accountId));
      if (!a) return inertText(accountId);
      const shared = (tenantCount.get(a.tenantName.toLowerCase()) ?? 0) > 1;
      return shared ? `${inertText(a.username || a.name)} · ${inertText(a.tenantName)}` : inertText(a.tenantName);
    },
  };
}
