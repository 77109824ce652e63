/**
 * `approve ID --justification TEXT` and `deny ID --justification TEXT`. Resolves the ID,
 * then lets the ARM client's decide() do the idempotent GET → write → confirm. Never
 * prints the justification.
 */
import type { Command, CommandContext } from '../context';
import { exitCodeFor, exitCodes } from '../exit-codes';
import { errorLine, roleOnScope } from '../format';
import { inertText } from '../inert-text';
import { findTarget, isStageId } from '../targets';
import { reportUnresolved } from './unresolved';
import { portalOnlyRequestTypes } from '../../core/queue/queue-item';

const maxJustification = 2000;

export function decideCommand(result: 'Approve' | 'Deny'): Command {
  const verb = result === 'Approve' ? 'approve' : 'deny';
  return {
    summary: result === 'Approve' ? 'Approve a request (a justification is required).' : 'Deny a request (a justification is required).',
    usage: `${verb} ID --justification TEXT`,
    options: { justification: { type: 'string', short: 'j' } },
    run: (ctx) => runDecide(ctx, verb, result),
  };
}

async function runDecide(ctx: CommandContext, verb: string, result: 'Approve' | 'Deny'): Promise<number> {
  const [id, extra] = ctx.args;
  const justification = typeof ctx.options.justification === 'string' ? ctx.options.justification.trim() : '';
  if (!id || extra !== undefined || !justification) {
    ctx.io.err(`pim-approvals: usage: pim-approvals ${verb} ID --justification TEXT${id && !justification ? ' (a justification is required)' : ''}\n`);
    return exitCodes.usage;
  }
  if (justification.length > maxJustification) {
    ctx.io.err(`pim-approvals: the justification is longer than ${maxJustification} characters.\n`);
    return exitCodes.usage;
  }
  const arm = await ctx.arm();
  if (!arm.ok) return arm.exitCode;

  let stageId = id;
  let label = `stage ${inertText(id.split('/').pop())}`;
  if (!isStageId(id)) {
    const found = await findTarget(arm.client, id, arm.client.origin, arm.principalId);
    if (!found.ok) {
      ctx.io.err(errorLine(found.error));
      return exitCodeFor(found.error);
    }
    if (found.value.kind !== 'found') return reportUnresolved(ctx.io, id, found.value);
    const { item, request } = found.value;
    if (portalOnlyRequestTypes.has(request.requestType)) {
      ctx.io.err(`pim-approvals: ${inertText(request.requestType)} requests cannot be decided through ARM; open the Azure portal.\n`);
      return exitCodes.error;
    }
    stageId = item.id;
    label = `${roleOnScope(item)} for ${inertText(item.requester.displayName) || inertText(item.requester.id)}`;
  }

  const decided = await arm.client.decide(stageId, result, justification);
  if (!decided.ok) {
    ctx.io.err(errorLine(decided.error));
    return exitCodeFor(decided.error);
  }
  const outcome = decided.value;
  if (outcome.outcome === 'done') {
    ctx.io.out(`${result === 'Approve' ? 'Approved' : 'Denied'}: ${label}\n`);
    return exitCodes.ok;
  }
  if (outcome.outcome === 'conflict') {
    const who = inertText(outcome.stage.reviewedBy?.displayName) || 'someone else';
    const what = outcome.stage.reviewResult === 'NotReviewed' ? 'closed' : inertText(outcome.stage.reviewResult);
    ctx.io.err(`pim-approvals: already decided by ${who} (${what}); nothing was changed.\n`);
    return exitCodes.conflict;
  }
  ctx.io.err('pim-approvals: this request has expired; it can no longer be decided.\n');
  return exitCodes.gone;
}
