/**
 * `list [--kind KIND] [--created-by-me] [-o FORMAT]`: the requests waiting for me — Azure
 * resource roles (ARM), Entra ID roles and groups (Graph) — or the ones I made, of every
 * kind. A Graph kind that cannot be read is named on stderr and left out. My own requests
 * are never offered as mine to decide. Reads only.
 * JSON shapes are stable: see usage.ts.
 */
import type { Command, CommandContext } from '../context';
import { exitCodeFor, exitCodes } from '../exit-codes';
import { errorLine, queueTable, queueTsv, withShortIds } from '../format';
import { inertText } from '../inert-text';
import { parseKindOption } from '../kinds';
import { myRequests, myRequestsTable, myRequestsTsv } from '../my-requests';
import { writeResult } from '../output';
import { cliServices, readKinds } from '../services';
import { bySoonestExpiry } from '../../core/queue/build-queue';
import type { QueueItem } from '../../core/queue/queue-item';
import type { ItemKind } from '../../core/model/state';
import type { ArmAccess } from '../context';
import type { ArmError } from '../../core/arm/types';
import { clockText, isUnreachable, keepListedQueue, offlineListWarning, readKeptQueue } from '../offline-queue';

export const listCommand: Command = {
  summary: 'List the requests waiting for your approval (or, with --created-by-me, your own).',
  usage: 'list [--kind azure|entra|group] [--created-by-me] [-o FORMAT]',
  options: { 'created-by-me': { type: 'boolean' }, kind: { type: 'string' } },
  optionHelp: [
    ['--kind KIND', 'azure, entra or group: one kind only (default: all three)'],
    ['--created-by-me', 'your own requests, of every status and kind, instead of those waiting for you'],
  ],
  details: 'The ID column is a short ID that show, approve and deny accept; -o json carries it (shortId) beside the full ids.\n-o tsv columns: ID, kind, type, role, scope, requester, upn, expires, duration, actionable, stage id.',
  examples: ['pim-approvals list -o table', 'pim-approvals list --kind entra -o json', 'pim-approvals list --created-by-me', 'pim-approvals list -o tsv | cut -f1,4,5'],
  async run(ctx) {
    if (ctx.args.length > 0) {
      ctx.io.err(`pim-approvals: list takes no arguments (got "${inertText(ctx.args[0])}").\n`);
      return exitCodes.usage;
    }
    const kind = parseKindOption(ctx.options.kind);
    if (!kind.ok) {
      ctx.io.err(`pim-approvals: ${kind.error}\n`);
      return exitCodes.usage;
    }
    const arm = await ctx.arm();
    if (!arm.ok) return arm.exitCode;
    return ctx.options['created-by-me'] ? listMine(ctx, arm, kind.kind) : listWaiting(ctx, arm, kind.kind);
  },
};

async function listWaiting(ctx: CommandContext, arm: ArmAccess, kind: ItemKind | null): Promise<number> {
  const now = ctx.clock.now();
  // The app's own readers, one per kind: a command and the window count the same requests.
  const read = await readKinds(ctx, await cliServices(ctx, arm), kind, (service, context) => service.waiting(context)(new AbortController().signal));
  const { failure } = read;
  if (failure && read.essentialFailed && isUnreachable(failure) && arm.accountId) return listKept(ctx, arm.accountId, kind, failure, () => fail(ctx, failure));
  if (failure) return fail(ctx, failure);
  const items: QueueItem[] = read.items.sort(bySoonestExpiry);
  // Every kind was asked for: this is the queue to show after a restart without network.
  if (kind === null && arm.accountId) await keepListedQueue(ctx.env, arm.accountId, now, items);
  writeResult(ctx.io, ctx.output, {
    json: () => ({ schema: 'pim-approvals/queue@1', items: withShortIds(items) }),
    table: () => (items.length === 0 ? 'Nothing is waiting for your approval.\n' : queueTable(items, now)),
    tsv: () => queueTsv(items),
  });
  return exitCodes.ok;
}

/** Azure cannot be reached: the queue kept from the last check, said to be stale; else the error. */
async function listKept(ctx: CommandContext, accountId: string, kind: ItemKind | null, error: ArmError, otherwise: () => number): Promise<number> {
  const kept = await readKeptQueue(ctx.env, ctx.io, accountId);
  if (!kept) return otherwise();
  const items = kept.items.filter((i) => kind === null || i.kind === kind);
  const now = ctx.clock.now();
  ctx.io.err(offlineListWarning(kept.asOf, error));
  writeResult(ctx.io, ctx.output, {
    json: () => ({ schema: 'pim-approvals/queue@1', items: withShortIds(items), asOf: new Date(kept.asOf).toISOString(), stale: true }),
    table: () => (items.length === 0 ? `Nothing was waiting for your approval as of ${clockText(kept.asOf)}.\n` : queueTable(items, now)),
    tsv: () => queueTsv(items),
  });
  return exitCodes.ok;
}

async function listMine(ctx: CommandContext, arm: ArmAccess, kind: ItemKind | null): Promise<number> {
  const read = await readKinds(ctx, await cliServices(ctx, arm), kind, (service) => service.mine(), false);
  if (read.failure) return fail(ctx, read.failure);
  const requests = myRequests(read.items);
  writeResult(ctx.io, ctx.output, {
    json: () => ({ schema: 'pim-approvals/requests@1', requests }),
    table: () => (requests.length === 0 ? 'You have no requests.\n' : myRequestsTable(requests, ctx.clock.now())),
    tsv: () => myRequestsTsv(requests),
  });
  return exitCodes.ok;
}

function fail(ctx: CommandContext, error: Parameters<typeof errorLine>[0]): number {
  ctx.io.err(errorLine(error));
  return exitCodeFor(error);
}
