/**
 * The messages and exit codes for an ID the CLI could not pin to one request stage.
 */
import type { CliIo } from '../context';
import { exitCodes } from '../exit-codes';
import { inertText } from '../inert-text';
import type { Resolved } from '../../core/services/approval-service';

export function reportUnresolved(io: CliIo, id: string, target: Exclude<Resolved, { kind: 'found' }>): number {
  if (target.kind === 'ambiguous') {
    io.err(`pim-approvals: "${inertText(id)}" matches ${target.candidates.length} requests (${target.candidates.slice(0, 5).map(inertText).join(', ')}); type more of the ID.\n`);
    return exitCodes.usage;
  }
  if (target.kind === 'no-stage') {
    io.err(`pim-approvals: request ${inertText(target.request.name)} has no approval stage assigned to you.\n`);
    return exitCodes.error;
  }
  // Not "expired": Azure did not say so, it only did not list the ID among those waiting for me.
  io.err(`pim-approvals: no request "${inertText(id)}" found among those you approve (Azure lists none by that ID; Entra ID and group requests are listed only while they wait).\n`);
  return exitCodes.gone;
}
