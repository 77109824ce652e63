/**
 * Settings › Accounts in words: how an account gets its tokens, which cloud, how it stands, and
 * what removing it keeps and what it takes away — said before the user confirms. Pure.
 */
import type { AccountDto, OutboxEntryDto } from '../../../preload/api';

export function sourceLabel(source: AccountDto['source']): string {
  switch (source) {
    case 'app':
      return 'Signed in with this app';
    case 'azure-cli':
      return 'Azure CLI sign-in';
    case 'demo':
      return 'Demo tenant';
  }
}

export function cloudLabel(cloud: AccountDto['cloud']): string {
  switch (cloud) {
    case 'public':
      return 'Azure';
    case 'usgov':
      return 'Azure US Government';
    case 'china':
      return 'Azure China';
  }
}

export type AccountTone = 'ok' | 'off' | 'busy' | 'problem';

/** "Signed in", "Signed in · offline", "Signed out", "Signing in…", "Problem" — a word, never colour alone. */
export function accountStanding(account: Pick<AccountDto, 'status' | 'connection'>): { words: string; tone: AccountTone } {
  switch (account.status) {
    case 'signed-in':
      if (account.connection === 'offline') return { words: 'Signed in · offline', tone: 'off' };
      if (account.connection === 'error') return { words: 'Signed in · problem checking', tone: 'problem' };
      return { words: 'Signed in', tone: 'ok' };
    case 'signing-in':
      return { words: 'Signing in…', tone: 'busy' };
    case 'signed-out':
      return { words: 'Signed out', tone: 'off' };
    case 'error':
      return { words: 'Problem', tone: 'problem' };
  }
}

/** A tenant as a heading: its name, else its id. */
export function tenantTitle(account: Pick<AccountDto, 'tenant'>): string {
  return account.tenant.name.trim() || account.tenant.id;
}

/** Decisions of this account not yet final: they stay in the outbox and wait for it. */
export function waitingDecisions(accountId: string, decisions: readonly OutboxEntryDto[] | undefined): number {
  return (decisions ?? []).filter((e) => e.accountId === accountId && (e.state === 'queued' || e.state === 'sending')).length;
}

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * What "Remove" does, said before it is done (accounts.md): its undecided outbox entries stay
 * and are sent once it is signed in again; its kept queue and its sign-in on this computer go.
 * Azure keeps everything: removing an account here changes nothing there.
 */
export function removeConsequences(account: Pick<AccountDto, 'tenant' | 'source'>, waiting: number): { stays: string; goes: string } {
  const tenant = tenantTitle(account);
  const held =
    waiting > 0
      ? `${plural(waiting, 'decision', 'decisions')} not yet sent ${waiting === 1 ? 'stays' : 'stay'} in Outbox & history and ${waiting === 1 ? 'is' : 'are'} sent after you add ${tenant} again and sign in.`
      : `Decisions not yet sent stay in Outbox & history and are sent after you add ${tenant} again and sign in.`;
  const signIn = account.source === 'azure-cli' ? 'this app stops asking the Azure CLI for its tokens (your az login stays)' : 'its sign-in on this computer (tokens) is deleted';
  return {
    stays: `${held} Nothing changes in Azure.`,
    goes: `Its requests leave the queue, the copy kept for offline use is deleted, and ${signIn}.`,
  };
}
