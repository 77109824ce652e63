/**
 * `list [--kind KIND] [--created-by-me] [--json]`: the requests waiting for me — Azure
 * resource roles (ARM), Entra ID roles and groups (Graph) — or the ones I made (ARM).
 * A Graph kind that cannot be read is named on stderr and left out. Reads only.
 * JSON shapes are stable: see jsonShapes in usage.ts.
 */
import type { Command } from '../context';
import { exitCodeFor, exitCodes } from '../exit-codes';
import { errorLine, queueTable, shortId, table, timeLeft } from '../format';
import { inertJson, inertText } from '../inert-text';
import { loadQueue } from '../targets';
import { loadGraphQueue } from '../graph-targets';
import { parseKindOption, readGraphKinds } from '../kinds';
import { bySoonestExpiry } from '../../core/queue/build-queue';
import type { QueueItem } from '../../core/queue/queue-item';
import { approvalWindowMs } from '../../core/queue/queue-item';

export const listCommand: Command = {
  summary: 'List the requests waiting for your approval (or, with --created-by-me, your own).',
  usage: 'list [--kind azure|entra|group] [--created-by-me] [--json]',
  options: { 'created-by-me': { type: 'boolean' }, kind: { type: 'string' } },
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
    const now = ctx.clock.now();

    if (ctx.options['created-by-me']) {
      const mine = await arm.client.listScheduleRequests('asRequestor');
      if (!mine.ok) return fail(ctx.io.err, mine.error);
      if (ctx.options.json) {
        ctx.io.out(`${inertJson({ schema: 'pim-approvals/requests@1', requests: mine.value })}\n`);
        return exitCodes.ok;
      }
      if (mine.value.length === 0) ctx.io.out('You have no requests.\n');
      else {
        const rows = mine.value.map((r) => {
          const created = r.createdOn ? Date.parse(r.createdOn) : NaN;
          const left = r.status === 'PendingApproval' && !Number.isNaN(created) ? timeLeft(new Date(created + approvalWindowMs).toISOString(), now) : '';
          const role = `${inertText(r.roleDefinition?.displayName) || '(role)'} on ${inertText(r.scope?.displayName) || inertText(r.scope?.id) || '(scope)'}`;
          return [shortId(r.name), role, inertText(r.status), left, inertText(r.requestType)];
        });
        ctx.io.out(table(['ID', 'ROLE ON SCOPE', 'STATUS', 'TIME LEFT', 'TYPE'], rows));
      }
      return exitCodes.ok;
    }

    const queueCtx = { accountId: arm.client.origin, now, principalId: arm.principalId };
    const items: QueueItem[] = [];
    if (kind.kind === null || kind.kind === 'azureResource') {
      const queue = await loadQueue(arm.client, queueCtx);
      if (!queue.ok) return fail(ctx.io.err, queue.error);
      items.push(...queue.value);
    }
    const graph = await readGraphKinds(ctx, kind.kind, (g, k) => loadGraphQueue(g, k, queueCtx));
    if (graph.failure) return fail(ctx.io.err, graph.failure);
    items.push(...graph.items);
    items.sort(bySoonestExpiry);
    if (ctx.options.json) ctx.io.out(`${inertJson({ schema: 'pim-approvals/queue@1', items })}\n`);
    else if (items.length === 0) ctx.io.out('Nothing is waiting for your approval.\n');
    else ctx.io.out(queueTable(items, now));
    return exitCodes.ok;
  },
};

function fail(err: (s: string) => void, error: Parameters<typeof errorLine>[0]): number {
  err(errorLine(error));
  return exitCodeFor(error);
}
