/**
 * `accounts [-o FORMAT]` (issue 21): the accounts the CLI can act as — the app's remembered
 * accounts and the one the sign-in session cache holds — with the default mark (the account
 * used when no --account is given). Reads files only (and the keychain when a session cache
 * exists); calls no service. `--account` narrows it to the account it names.
 */
import { chooseAccount, mergeAccounts, type KnownAccount } from '../account-choice';
import type { Command, CommandContext } from '../context';
import { exitCodes } from '../exit-codes';
import { table } from '../format';
import { inertText } from '../inert-text';
import { defaultAccountSetting, sessionAccounts } from '../known-accounts';
import { writeResult } from '../output';
import { defaultDataDir } from '../data-dir';

export const ACCOUNTS_SCHEMA = 'pim-approvals/accounts@1';

export const accountsCommand: Command = {
  summary: 'List the accounts the CLI can act as (remembered by the app, or in the session), the default marked.',
  usage: 'accounts [-o FORMAT]',
  details: [
    'The default (*) is what commands act as without --account: the only account, else the one the',
    "settings' defaultAccount names. Needs no token and calls nothing. -o tsv: account id, name, user name,",
    'tenant id, tenant name, cloud, source, default (true/false), remembered, in the session cache.',
  ].join('\n'),
  examples: ['pim-approvals accounts', 'pim-approvals accounts -o json', 'pim-approvals accounts --account fabrikam.com -o tsv | cut -f1'],
  run: runAccounts,
};

async function runAccounts(ctx: CommandContext): Promise<number> {
  if (ctx.args.length > 0) {
    ctx.io.err(`pim-approvals: accounts takes no arguments (got "${inertText(ctx.args[0])}").\n`);
    return exitCodes.usage;
  }
  const dataDir = defaultDataDir(ctx.env);
  const session = await sessionAccounts(ctx.env, ctx.signIn);
  const remembered = await ctx.accounts.remembered();
  const all = mergeAccounts(remembered, session);
  const setting = await defaultAccountSetting(dataDir);
  // The default is chosen as a command without --account would choose it (remembered accounts first).
  const pool = remembered.length > 0 ? remembered : all;
  const choice = chooseAccount(pool, null, setting);
  const defaultId = choice.kind === 'chosen' ? choice.account.id : null;
  let shown: readonly KnownAccount[] = all;
  if (ctx.accounts.wanted !== null) {
    const picked = ctx.accounts.pick(all);
    if (!picked.ok) return picked.exitCode;
    shown = picked.account ? [picked.account] : [];
  }
  const noDefault = choice.kind === 'several' ? `No default${choice.defaultProblem ? ` (the default in the settings ${choice.defaultProblem})` : ''}: commands that act need --account NAME|ID.\n` : '';
  writeResult(ctx.io, ctx.output, {
    json: () => ({
      schema: ACCOUNTS_SCHEMA,
      defaultAccount: defaultId,
      accounts: shown.map((a) => ({
        id: a.id,
        name: a.name,
        username: a.username,
        tenant: { id: a.tenantId, name: a.tenantName },
        cloud: a.cloud,
        source: a.source,
        default: a.id === defaultId,
        remembered: a.remembered,
        inSessionCache: a.inSessionCache,
      })),
    }),
    tsv: () => shown.map((a) => [a.id, a.name, a.username, a.tenantId, a.tenantName, a.cloud, a.source, a.id === defaultId, a.remembered, a.inSessionCache]),
    table: () =>
      shown.length === 0
        ? 'No account is signed in here. Run `pim-approvals login`, or add one in the app (Settings › Accounts).\n'
        : table(
            ['', 'NAME', 'USER', 'TENANT', 'CLOUD', 'SOURCE', 'ACCOUNT ID'],
            shown.map((a) => [a.id === defaultId ? '*' : '', inertText(a.name), inertText(a.username), inertText(a.tenantName), a.cloud, a.source, inertText(a.id)]),
          ) + (defaultId ? '* the default: used when no --account is given.\n' : noDefault),
  });
  return exitCodes.ok;
}
