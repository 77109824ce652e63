/**
 * `approve ID --justification TEXT` and `deny ID --justification TEXT`. Runs as the
 * token's account (a token that does not say whose it is cannot decide), finds the stage
 * (decision-target.ts), journals the decision in the outbox the app shares and sends it
 * (decide-via-outbox.ts), then says what was recorded and what Azure answered
 * (decision-report.ts) — never the verb that was typed. Never prints the justification.
 */
import type { Command, CommandContext } from '../context';
import { exitCodes } from '../exit-codes';
import { fsProblem } from '../fs-problem';
import { writeResult } from '../output';
import { findDecisionTarget } from '../decision-target';
import { reportDecision } from '../decision-report';
import { accountOf } from '../whose-token';
import { decideViaOutbox, openDecisionOutbox, OTHER_DRAINER_WAIT_MS } from './decide-via-outbox';

const maxJustification = 2000;

export function decideCommand(result: 'Approve' | 'Deny'): Command {
  const verb = result === 'Approve' ? 'approve' : 'deny';
  return {
    summary: result === 'Approve' ? 'Approve a request (a justification is required).' : 'Deny a request (a justification is required).',
    details: [
      "Sent as the token's account (ARM_ACCESS_TOKEN's oid.tid, or the signed-in session); the app's",
      'decision of the same person on the same request is this decision too. What is printed is what',
      "was recorded and what Azure says: a repeat tells the decision's state, the opposite decision is",
      'refused (exit 6), your own request is refused before anything is sent. -o json prints one object',
      '(schema pim-approvals/decision@1); -o tsv one row: short ID, recorded verb, state, kind, exit code,',
      'message, stage id.',
      'When Azure cannot be reached, a request in the queue kept by the last `list` (or the app) is',
      'journaled and waits for `pim-approvals sync` (exit 0).',
    ].join('\n'),
    usage: `${verb} ID --justification TEXT [-o FORMAT]`,
    options: { justification: { type: 'string', short: 'j' } },
    optionHelp: [['-j, --justification TEXT', 'why (required; up to 2000 characters; sent to Azure, never printed)']],
    examples: [`pim-approvals ${verb} 1a2b3c4d --justification "INC0012345 checked"`, `pim-approvals ${verb} 1a2b3c4d -j "INC0012345 checked" -o json`],
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
  const account = accountOf(arm, ctx.io);
  if (!account.ok) return account.exitCode;

  // Building the Graph client calls nothing; its token is asked for only if a Graph decision is sent.
  const graph = await ctx.graph();
  let outbox;
  try {
    outbox = await openDecisionOutbox(ctx.env, ctx.clock, { client: arm.client, graph: graph.ok ? graph.client : null, principalId: arm.principalId, accountId: account.accountId, ...(arm.probe ? { probe: arm.probe } : {}) });
  } catch (err) {
    ctx.io.err(`pim-approvals: could not save the decision (${fsProblem(err)}); nothing was sent.\n`);
    return exitCodes.error;
  }
  try {
    const target = await findDecisionTarget(ctx, arm, outbox, account.accountId, id);
    if (!target.ok) return target.exitCode;
    const { subject } = target;
    const run = await decideViaOutbox(
      outbox,
      { accountId: account.accountId, kind: subject.kind, stageId: subject.stageId, result, justification, request: subject.summary },
      {
        onWaitForOther: () =>
          ctx.io.err(`pim-approvals: another PIM Approvals process is sending decisions; waiting up to ${OTHER_DRAINER_WAIT_MS / 1000} s for its answer…\n`),
      },
    );
    const report = reportDecision(run, subject, ctx.clock.now());
    const json = report.json;
    writeResult(ctx.io, ctx.output, {
      json: () => json,
      table: () => report.out.join(''),
      tsv: () => [[json.shortId, json.recordedResult, json.state, json.kind, json.exitCode, json.message, json.stageId]],
    });
    for (const line of report.err) ctx.io.err(line);
    return report.exitCode;
  } finally {
    await outbox.close();
  }
}
