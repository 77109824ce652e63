/**
 * `approve ID --justification TEXT` and `deny ID --justification TEXT`. Resolves the ID,
 * then sends through the durable outbox (decide-via-outbox.ts), whose sender does the
 * idempotent GET → write → confirm. Never prints the justification.
 */
import type { Command, CommandContext } from '../context';
import { exitCodeFor, exitCodes } from '../exit-codes';
import { errorLine, roleOnScope } from '../format';
import { inertText } from '../inert-text';
import { isStageId } from '../targets';
import { findAnyTarget } from '../find-any';
import { kindOfStagePath } from '../../core/graph/urls';
import type { DecisionKind } from '../../core/outbox/types';
import { reportUnresolved } from './unresolved';
import { portalOnlyRequestTypes } from '../../core/queue/queue-item';
import { requestSummaryOf, type OutboxEntry, type RequestSummary } from '../../core/outbox';
import { decideViaOutbox } from './decide-via-outbox';

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
  let kind: DecisionKind = 'azureResource';
  let label = `stage ${inertText(id.split('/').pop())}`;
  // What the outbox history shows; filled in from the request when the ID names one.
  let summary: RequestSummary = { role: '', scope: '', requester: '' };
  // A bare ARM stage id is sent as given; everything else (Graph paths too) is resolved first.
  if (!isStageId(id) || kindOfStagePath(id.trim())) {
    const found = await findAnyTarget(ctx, arm, id);
    if (!found.ok) {
      ctx.io.err(errorLine(found.error));
      return exitCodeFor(found.error);
    }
    if (found.value.kind !== 'found') return reportUnresolved(ctx.io, id, found.value);
    const { item, request } = found.value;
    if (portalOnlyRequestTypes.has(request.requestType)) {
      ctx.io.err(`pim-approvals: ${inertText(request.requestType)} requests cannot be decided here; open the Azure portal.\n`);
      return exitCodes.error;
    }
    stageId = item.id;
    kind = item.kind;
    label = `${roleOnScope(item)} for ${inertText(item.requester.displayName) || inertText(item.requester.id)}`;
    summary = requestSummaryOf(item);
  }

  let entry: OutboxEntry;
  try {
    const graph = kind === 'azureResource' ? null : await ctx.graph();
    entry = await decideViaOutbox(ctx.env, ctx.clock, { ...arm, graph: graph?.ok ? graph.client : null }, { kind, stageId, result, justification, request: summary });
  } catch (err) {
    ctx.io.err(`pim-approvals: could not use the outbox: ${err instanceof Error ? inertText(err.message) : 'unknown error'}\n`);
    return exitCodes.error;
  }
  switch (entry.state) {
    case 'done':
      ctx.io.out(`${result === 'Approve' ? 'Approved' : 'Denied'}: ${label}\n`);
      return exitCodes.ok;
    case 'conflict':
      ctx.io.err(`pim-approvals: ${inertText(entry.outcomeMessage ?? 'already decided by someone else')}; nothing was changed.\n`);
      return exitCodes.conflict;
    case 'expired':
      ctx.io.err('pim-approvals: this request has expired; it can no longer be decided.\n');
      return exitCodes.gone;
    case 'failed': {
      const e = entry.lastError;
      ctx.io.err(`pim-approvals: ${inertText(e?.message ?? entry.outcomeMessage ?? 'Azure refused the decision')}${e?.code ? ` (code ${inertText(e.code)})` : ''}\n`);
      if (e?.status === 404) return exitCodes.gone;
      return e?.status === 401 ? exitCodes.auth : exitCodes.error;
    }
    default: {
      const why = entry.lastError ? ` (${inertText(entry.lastError.message)})` : '';
      ctx.io.err(`pim-approvals: not sent yet${why}; the decision is saved in the outbox and goes out with \`pim-approvals sync\` or the app.\n`);
      return entry.lastError?.status === 401 ? exitCodes.auth : exitCodes.error;
    }
  }
}
