/**
 * `outbox`, `sync`, `cancel ID` and `history`: the outbox handlers of ../outbox-commands
 * and ./history over the app's outbox directory, loaded lazily (with the data-dir rule of
 * ../auth-commands) so other commands never load them. Owns no outbox logic.
 */
import { join } from 'node:path';
import type { KnownAccount } from '../account-choice';
import type { CliIo, Command, CommandContext } from '../context';
import { isJson, writeResult } from '../output';
import { accountLine } from '../run-account';
import { exitCodes } from '../exit-codes';

async function outboxContext(ctx: CommandContext) {
  const [{ defaultDataDir }, handlers] = await Promise.all([import('../auth-commands'), import('../outbox-commands')]);
  return {
    handlers,
    context: { io: ctx.io, options: ctx.options, output: ctx.output, clock: ctx.clock, arm: ctx.arm, graph: ctx.graph, accounts: ctx.accounts, outboxDir: join(defaultDataDir(ctx.env), 'outbox') },
  };
}

export const outboxCommand: Command = {
  summary: 'Show decisions waiting to be sent and their results.',
  usage: 'outbox [-o FORMAT]',
  details:
    'Needs no token. --account: that account\'s decisions only; with more than one account an ACCOUNT column.\n' +
    '-o tsv: short ID, state, verb, kind, role, scope, requester, decided at, detail, stage id, account id.',
  examples: ['pim-approvals outbox', 'pim-approvals outbox -o json'],
  run: async (ctx) => {
    const { handlers, context } = await outboxContext(ctx);
    return handlers.outboxList(context);
  },
};

export const syncCommand: Command = {
  summary: "Send the decisions waiting in the outbox (the token's account's only).",
  usage: 'sync [-o FORMAT]',
  details: [
    "Runs as the token's account (ARM_ACCESS_TOKEN's oid.tid, or the signed-in session) and sends",
    "that account's decisions only; another account's wait for it and are listed, never sent with",
    'this token. -o json adds accountId and otherAccounts [{accountId, entries, legacy}]; -o tsv gives one',
    'row per decision settled: short ID, state, verb, kind, what Azure said, stage id.',
    'With several accounts and none chosen (no --account, no default), each account is synced in turn',
    'with its own sign-in; -o json then gives {"schema":"pim-approvals/sync-accounts@1","accounts":[…]}.',
  ].join('\n'),
  examples: ['pim-approvals sync', 'ARM_ACCESS_TOKEN="$(az account get-access-token --query accessToken -o tsv)" pim-approvals sync -o json'],
  run: async (ctx) => {
    const { handlers, context } = await outboxContext(ctx);
    const each = ctx.env.ARM_ACCESS_TOKEN?.trim() ? null : await ctx.accounts.several();
    if (!each) return handlers.sync(context);
    return syncEach(ctx, each, (account, io) => handlers.sync({ ...context, io, arm: () => ctx.armAs(account) }));
  },
};

/** Worst first, as one sync orders them: an error, then auth, conflict, expired. */
const SEVERITY: readonly number[] = [exitCodes.error, exitCodes.auth, exitCodes.conflict, exitCodes.gone];

/**
 * `sync` with several accounts and none chosen: each account in turn with its own token, so
 * one account without a sign-in never holds back another's decisions. A block per account in a
 * table; one JSON object {schema, accounts: [each account's sync result, or its accountId and
 * exitCode when it had no token]}; tsv rows as one sync's. The exit code is the worst of them.
 */
async function syncEach(ctx: CommandContext, accounts: readonly KnownAccount[], run: (account: KnownAccount, io: CliIo) => Promise<number>): Promise<number> {
  const codes: number[] = [];
  const results: unknown[] = [];
  for (const account of accounts) {
    let out = '';
    const io: CliIo = { ...ctx.io, out: (s) => void (out += s) };
    if (ctx.output === 'table') ctx.io.out(`${accountLine(account)}:\n`);
    const code = await run(account, io);
    codes.push(code);
    if (isJson(ctx.output)) results.push(out ? (JSON.parse(out) as unknown) : { accountId: account.id, exitCode: code });
    else ctx.io.out(out);
  }
  if (isJson(ctx.output)) writeResult(ctx.io, ctx.output, { json: () => ({ schema: 'pim-approvals/sync-accounts@1', accounts: results }), table: () => '', tsv: () => [] });
  return SEVERITY.find((c) => codes.includes(c)) ?? (codes.find((c) => c !== exitCodes.ok) ?? exitCodes.ok);
}

export const cancelCommand: Command = {
  summary: 'Withdraw a decision that was never sent (ID from the outbox list).',
  usage: 'cancel ID [-o FORMAT]',
  details: 'Needs no token. ID: the short ID "outbox" shows (or any unique prefix of the entry id); with --account, among that account\'s decisions only.',
  examples: ['pim-approvals cancel 3f2a9c1e'],
  run: async (ctx) => {
    if (ctx.args.length > 1) {
      ctx.io.err('pim-approvals: usage: pim-approvals cancel ID\n');
      return exitCodes.usage;
    }
    const { handlers, context } = await outboxContext(ctx);
    return handlers.cancel(context, ctx.args[0]);
  },
};
