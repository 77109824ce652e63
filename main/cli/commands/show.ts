/**
 * `show ID [-o FORMAT]`: one request with my stage — who, what, where, why, how long, time
 * left — in the window's words. Reads only.
 */
import type { Command } from '../context';
import { exitCodeFor, exitCodes } from '../exit-codes';
import { errorLine, queueTsv, requesterText, requestTypeText, roleOnScope, timeLeft, withShortIds } from '../format';
import { inertText } from '../inert-text';
import { findAnyTarget } from '../find-any';
import { writeResult } from '../output';
import { kindLabel } from '../../core/model/item-labels';
import { humanizeDuration, requestStatusLabel, stageStatusLabel } from '../../core/model/request-words';
import type { QueueItem } from '../../core/queue/queue-item';
import type { RequestFacts } from '../../core/services/approval-service';
import { reportUnresolved } from './unresolved';

export const showCommand: Command = {
  summary: 'Show one request in detail.',
  usage: 'show ID [-o FORMAT]',
  details: 'ID: the short ID from "list", a request id, or a stage id. -o tsv: the list columns, then the request status.',
  examples: ['pim-approvals show 5dd6cd92', 'pim-approvals show 5dd6cd92 -o json'],
  async run(ctx) {
    const [id, extra] = ctx.args;
    if (!id || extra !== undefined) {
      ctx.io.err('pim-approvals: usage: pim-approvals show ID [-o FORMAT]\n');
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
    const [shown] = withShortIds([item]);
    writeResult(ctx.io, ctx.output, {
      json: () => ({ schema: 'pim-approvals/request@1', requestStatus: request.status, item: shown }),
      table: () => details(item, request, ctx.clock.now()),
      tsv: () => queueTsv([item]).map((row) => [...row, request.status]),
    });
    return exitCodes.ok;
  },
};

function details(item: QueueItem, request: RequestFacts, now: number): string {
  const rows: [string, string][] = [
    ['Request', inertText(item.requestName)],
    ['Status', inertText(requestStatusLabel(request.status))],
    ['Kind', kindLabel(item.kind)],
    ['Role', roleOnScope(item)],
    ['Scope id', inertText(item.scope.id)],
    ['Requester', requesterText(item)],
    ['Type', requestTypeText(item)],
    ['Justification', inertText(item.justification) || '(none)'],
    ['Ticket', [inertText(item.ticket.system), inertText(item.ticket.number)].filter(Boolean).join(' ') || '(none)'],
    ['Starts', inertText(item.startsAt) || '(on approval)'],
    ['Duration', item.duration ? inertText(humanizeDuration(item.duration)) : '(not bounded)'],
    ['Created', inertText(item.createdOn)],
    ['Expires', `${item.expiresAt} (${timeLeft(item.expiresAt, now)})`],
    ['Stage', `${item.stage.index} of ${item.stage.count}: ${inertText(stageStatusLabel(item.stage.status))}`],
    ['Stage id', inertText(item.id)],
  ];
  const width = Math.max(...rows.map(([k]) => k.length));
  let text = rows.map(([k, v]) => `${`${k}:`.padEnd(width + 2)}${v}`).join('\n') + '\n';
  if (!item.actionable && request.status === 'PendingApproval') {
    text +=
      item.readOnly === 'own-request'
        ? 'This is your own request: someone else must approve it.\n'
        : request.requestType === 'SelfExtend' || request.requestType === 'SelfRenew'
          ? 'Extend and renew requests can only be decided in the Azure portal.\n'
          : 'This stage is not yours to decide now.\n';
  }
  return text;
}
