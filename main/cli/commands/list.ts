/**
 * `list [--created-by-me] [--json]`: the requests waiting for me (default) or the ones I
 * made. Reads only. JSON shapes are stable: see jsonShapes in usage.ts.
 */
import type { Command } from '../context';
import { exitCodeFor, exitCodes } from '../exit-codes';
import { errorLine, queueTable, shortId, table, timeLeft } from '../format';
import { inertJson, inertText } from '../inert-text';
import { loadQueue } from '../targets';
import { approvalWindowMs } from '../../core/queue/queue-item';

export const listCommand: Command = {
  summary: 'List the requests waiting for your approval (or, with --created-by-me, your own).',
  usage: 'list [--created-by-me] [--json]',
  options: { 'created-by-me': { type: 'boolean' } },
  async run(ctx) {
    if (ctx.args.length > 0) {
      ctx.io.err(`pim-approvals: list takes no arguments (got "${inertText(ctx.args[0])}").\n`);
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

    const queue = await loadQueue(arm.client, { accountId: arm.client.origin, now, principalId: arm.principalId });
    if (!queue.ok) return fail(ctx.io.err, queue.error);
    if (ctx.options.json) ctx.io.out(`${inertJson({ schema: 'pim-approvals/queue@1', items: queue.value })}\n`);
    else if (queue.value.length === 0) ctx.io.out('Nothing is waiting for your approval.\n');
    else ctx.io.out(queueTable(queue.value, now));
    return exitCodes.ok;
  },
};

function fail(err: (s: string) => void, error: Parameters<typeof errorLine>[0]): number {
  err(errorLine(error));
  return exitCodeFor(error);
}
