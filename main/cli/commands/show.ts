/**
 * `show ID [--json]`: one request with my stage — who, what, where, why, how long, time
 * left. Reads only.
 */
import type { Command } from '../context';
import { exitCodeFor, exitCodes } from '../exit-codes';
import { errorLine, requesterText, requestTypeText, roleOnScope, timeLeft } from '../format';
import { inertJson, inertText } from '../inert-text';
import { findAnyTarget } from '../find-any';
import { kindLabel } from '../../../preload/item-labels';
import { reportUnresolved } from './unresolved';

export const showCommand: Command = {
  summary: 'Show one request in detail.',
  usage: 'show ID [--json]',
  async run(ctx) {
    const [id, extra] = ctx.args;
    if (!id || extra !== undefined) {
      ctx.io.err('pim-approvals: usage: pim-approvals show ID [--json]\n');
      return exitCodes.usage;
    }
    const arm = await ctx.arm();
    if (!arm.ok) return arm.exitCode;
    const found = await findAnyTarget(ctx, arm, id);
    if (!found.ok) {
      ctx.io.err(errorLine(found.error));
      return exitCodeFor(found.error);
    }
    const target = found.value;
    if (target.kind !== 'found') return reportUnresolved(ctx.io, id, target);
    const { item, request } = target;
    if (ctx.options.json) {
      ctx.io.out(`${inertJson({ schema: 'pim-approvals/request@1', requestStatus: request.status, item })}\n`);
      return exitCodes.ok;
    }
    const rows: [string, string][] = [
      ['Request', inertText(item.requestName)],
      ['Status', inertText(request.status)],
      ['Kind', kindLabel(item.kind)],
      ['Role', roleOnScope(item)],
      ['Scope id', inertText(item.scope.id)],
      ['Requester', requesterText(item)],
      ['Type', requestTypeText(item)],
      ['Justification', inertText(item.justification) || '(none)'],
      ['Ticket', [inertText(item.ticket.system), inertText(item.ticket.number)].filter(Boolean).join(' ') || '(none)'],
      ['Starts', inertText(item.startsAt) || '(on approval)'],
      ['Duration', inertText(item.duration) || '(not bounded)'],
      ['Created', inertText(item.createdOn)],
      ['Expires', `${item.expiresAt} (${timeLeft(item.expiresAt, ctx.clock.now())})`],
      ['Stage', `${item.stage.index} of ${item.stage.count}: ${inertText(item.stage.status)}`],
      ['Stage id', inertText(item.id)],
    ];
    const width = Math.max(...rows.map(([k]) => k.length));
    ctx.io.out(rows.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`).join('\n') + '\n');
    if (!item.actionable && request.status === 'PendingApproval') {
      ctx.io.out(
        request.requestType === 'SelfExtend' || request.requestType === 'SelfRenew'
          ? 'Extend and renew requests can only be decided in the Azure portal.\n'
          : 'This stage is not yours to decide now.\n',
      );
    }
    return exitCodes.ok;
  },
};
