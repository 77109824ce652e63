/**
 * The account one CLI run acts as (issue 21), and the words when it cannot tell: chosen once
 * per run from `--account`, the only known account, or the settings' default (./account-choice),
 * over the accounts ./known-accounts reads. When the app remembers no account, the session
 * cache's account stands in, so a CLI signed in with `pim-approvals login` works as before.
 * Every refusal is exit 2 with the accounts listed and how to choose; never prints a token.
 */
import { chooseAccount, mergeAccounts, type AccountChoice, type KnownAccount } from './account-choice';
import type { CliIo } from './context';
import { exitCodes } from './exit-codes';
import { inertText } from './inert-text';
import { defaultAccountSetting, rememberedAccounts, sessionAccounts } from './known-accounts';
import type { Cloud } from '../core/arm/types';
import { tokenClaims } from '../core/net/token-identity';

export interface AccountRunOptions {
  env: NodeJS.ProcessEnv;
  io: CliIo;
  dataDir: string;
  /** --account as given, or null. */
  wanted: string | null;
  session: { cloud: Cloud | null; tenant: string | null; clientId: string | null };
}

export type Chosen = { ok: true; account: KnownAccount | null } | { ok: false; exitCode: number };

export interface AccountRun {
  /** --account as given, or null. */
  readonly wanted: string | null;
  /** The app's remembered accounts (read once). */
  remembered(): Promise<KnownAccount[]>;
  /** The account to act as; null when no account is known at all (the session decides, as before). */
  choose(): Promise<Chosen>;
  /** The accounts, when several are known and neither --account nor the default chooses one; else null. Prints nothing. */
  several(): Promise<KnownAccount[] | null>;
  /** `wanted` among `accounts` (no default, no "only one" rule): for checking a token or filtering a list. */
  pick(accounts: readonly KnownAccount[]): Chosen;
}

/** "Alex Rivera <alex@contoso.com> · Contoso · app · 1b2c….72f1" */
export function accountLine(a: KnownAccount): string {
  const who = a.name && a.name !== a.username ? `${inertText(a.name)} <${inertText(a.username)}>` : inertText(a.username || a.name);
  return `${who} · ${inertText(a.tenantName)} · ${a.source} · ${inertText(a.id)}`;
}

const listed = (accounts: readonly KnownAccount[]) => accounts.map((a) => `  ${accountLine(a)}\n`).join('');

const HOW_TO_CHOOSE = 'Choose one with --account NAME|ID (its user name, tenant name or domain, or account id), or make one the default (defaultAccount in the settings).';

/** The stderr text for a choice that is not one account. */
export function choiceProblem(choice: Exclude<AccountChoice, { kind: 'chosen' } | { kind: 'no-accounts' }>): string {
  switch (choice.kind) {
    case 'no-match':
      return choice.accounts.length === 0
        ? `pim-approvals: --account "${inertText(choice.query)}": no account is signed in here. Run \`pim-approvals login\` (or add the account in the app).\n`
        : `pim-approvals: --account "${inertText(choice.query)}" names no account here. The accounts:\n${listed(choice.accounts)}`;
    case 'ambiguous':
      return `pim-approvals: --account "${inertText(choice.query)}" names ${choice.matches.length} accounts:\n${listed(choice.matches)}Give the account id (or more of it), or the user name.\n`;
    case 'several': {
      const why = choice.defaultProblem ? ` (the default in the settings ${choice.defaultProblem})` : '';
      return `pim-approvals: ${choice.accounts.length} accounts are signed in and none is chosen${why}:\n${listed(choice.accounts)}${HOW_TO_CHOOSE}\n`;
    }
  }
}

/** ARM_ACCESS_TOKEN's account as the claims name it (read, not verified), or null when they do not say. */
export function tokenAccount(token: string, accountId: string | null): KnownAccount | null {
  if (!accountId) return null;
  const claims = tokenClaims(token) ?? {};
  const text = (name: string) => (typeof claims[name] === 'string' ? (claims[name] as string).trim() : '');
  const username = text('upn') || text('preferred_username') || text('unique_name') || text('email');
  const tenantId = accountId.split('.')[1] ?? '';
  return { id: accountId, name: text('name') || username, username, tenantId, tenantName: tenantId, cloud: 'public', source: 'app', remembered: false, inSessionCache: false };
}

export function accountRun(opts: AccountRunOptions): AccountRun {
  let remembered: Promise<KnownAccount[]> | null = null;
  let chosen: Promise<Chosen> | null = null;
  const warn = (line: string) => opts.io.err(line);
  const readRemembered = () => (remembered ??= rememberedAccounts(opts.dataDir, warn));
  const settle = (choice: AccountChoice): Chosen => {
    if (choice.kind === 'chosen') return { ok: true, account: choice.account };
    if (choice.kind === 'no-accounts') return { ok: true, account: null };
    opts.io.err(choiceProblem(choice));
    return { ok: false, exitCode: exitCodes.usage };
  };
  return {
    wanted: opts.wanted,
    remembered: readRemembered,
    several: async () => {
      if (opts.wanted !== null) return null;
      const choice = chooseAccount(await readRemembered(), null, await defaultAccountSetting(opts.dataDir));
      return choice.kind === 'several' ? [...choice.accounts] : null;
    },
    pick: (accounts) => (opts.wanted === null ? { ok: true, account: null } : settle(chooseAccount(accounts, opts.wanted, null))),
    choose: () =>
      (chosen ??= (async () => {
        const known = await readRemembered();
        // Nobody remembered: the session cache's account is the one to name (only looked up when asked for).
        const accounts = known.length > 0 || opts.wanted === null ? known : mergeAccounts(await sessionAccounts(opts.env, opts.session));
        return settle(chooseAccount(accounts, opts.wanted, await defaultAccountSetting(opts.dataDir)));
      })()),
  };
}
