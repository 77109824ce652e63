/**
 * `status [--json]`: which ARM endpoint, where the token comes from, and whether ARM
 * accepts it (one list call: how many requests wait). Never prints the token.
 */
import type { Command } from '../context';
import { exitCodeFor, exitCodes } from '../exit-codes';
import { errorLine } from '../format';
import { inertJson } from '../inert-text';

export const statusCommand: Command = {
  summary: 'Check the endpoint, the token and how many requests wait for you.',
  usage: 'status [--json]',
  async run(ctx) {
    const arm = await ctx.arm();
    if (!arm.ok) return arm.exitCode;
    const listed = await arm.client.listScheduleRequests('asApprover');
    const waiting = listed.ok ? listed.value.filter((r) => r.status === 'PendingApproval').length : null;
    if (ctx.options.json) {
      ctx.io.out(
        `${inertJson({ schema: 'pim-approvals/status@1', endpoint: ctx.endpoint, cloud: ctx.cloud, tokenSource: arm.tokenSource, reachable: listed.ok, waiting, error: listed.ok ? null : { kind: listed.error.kind, message: listed.error.message, code: listed.error.code ?? null } })}\n`,
      );
    } else {
      ctx.io.out(`ARM endpoint: ${ctx.endpoint}${ctx.cloud ? ` (${ctx.cloud})` : ''}\nToken from:   ${arm.tokenSource}\n`);
      if (listed.ok) ctx.io.out(`Waiting:      ${waiting}\n`);
    }
    if (!listed.ok) {
      ctx.io.err(errorLine(listed.error));
      return exitCodeFor(listed.error);
    }
    return exitCodes.ok;
  },
};
