/**
 * `outbox`, `sync`, `cancel ID` and `history`: the outbox handlers of ../outbox-commands
 * and ./history over the app's outbox directory, loaded lazily (with the data-dir rule of
 * ../auth-commands) so other commands never load them. Owns no outbox logic.
 */
import { join } from 'node:path';
import type { Command, CommandContext } from '../context';
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
  ].join('\n'),
  examples: ['pim-approvals sync', 'ARM_ACCESS_TOKEN="$(az account get-access-token --query accessToken -o tsv)" pim-approvals sync -o json'],
  run: async (ctx) => {
    const { handlers, context } = await outboxContext(ctx);
    return handlers.sync(context);
  },
};

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
