/**
 * Which stage an `approve`/`deny` ID names. The account's own outbox comes first: a
 * request this person already decided (from the app or the CLI) is named by its entry's
 * stage, so a repeat or an opposite decision meets that entry whatever the ID's spelling
 * (stage id in any letter case, request id or name) and without asking Azure — the exit
 * code then follows the decision's state, never how the request was named. Otherwise a
 * bare ARM stage id is taken as given and anything else is looked up (reads only); the
 * user's own request is refused before anything is journaled or sent.
 */
import type { Outbox } from '../core/outbox';
import { holdsStage } from '../core/outbox/enqueue-rule';
import { accountKey, stageKey } from '../core/outbox/stage-key';
import type { OutboxEntry } from '../core/outbox/types';
import { requestSummaryOf } from '../core/outbox/request-summary';
import { portalOnlyRequestTypes } from '../core/queue/queue-item';
import { isArmStageId } from '../core/arm/urls';
import type { ArmAccess, CommandContext } from './context';
import type { DecisionSubject } from './decision-report';
import { exitCodeFor, exitCodes } from './exit-codes';
import { findAnyTarget } from './find-any';
import { errorLine, roleOnScope } from './format';
import { inertText } from './inert-text';
import { reportUnresolved } from './commands/unresolved';
import { isUnreachable, keptTarget, readKeptQueue } from './offline-queue';

/** The entry of this account that holds the stage or request `id` names exactly, if any. */
export function heldEntryFor(entries: readonly OutboxEntry[], accountId: string, id: string): OutboxEntry | null {
  const q = id.trim().toLowerCase();
  if (!q) return null;
  const key = stageKey(q);
  const mine = accountKey(accountId);
  const named = (e: OutboxEntry) => {
    if (stageKey(e.stageId) === key) return true;
    const requestId = e.request.requestId?.toLowerCase();
    // A request id as listed, or an ARM request's name (the id's last segment, which `list` shows).
    return !!requestId && (requestId === q || requestId.split('/').pop() === q);
  };
  const held = entries.filter((e) => holdsStage(e) && accountKey(e.accountId) === mine && named(e));
  // Oldest first, as the enqueue rule picks the holder.
  return held.sort((a, b) => a.createdAt - b.createdAt)[0] ?? null;
}

export async function findDecisionTarget(
  ctx: CommandContext,
  arm: ArmAccess,
  outbox: Outbox,
  accountId: string,
  id: string,
): Promise<{ ok: true; subject: DecisionSubject } | { ok: false; exitCode: number }> {
  const held = heldEntryFor(outbox.list(), accountId, id);
  if (held) return { ok: true, subject: { kind: held.kind, stageId: held.stageId, summary: held.request, label: null } };

  const trimmed = id.trim();
  // A bare ARM stage id is sent as given (the sender reads the stage first); Graph paths are resolved.
  if (isArmStageId(trimmed)) {
    return { ok: true, subject: { kind: 'azureResource', stageId: trimmed, summary: { role: '', scope: '', requester: '' }, label: null } };
  }
  const found = await findAnyTarget(ctx, arm, id);
  if (!found.ok && isUnreachable(found.error)) {
    // On the plane: the request may be in the queue kept from the last check.
    const kept = await readKeptQueue(ctx.env, ctx.io, accountId);
    const target = kept ? keptTarget(kept, id, ctx.io, ctx.clock.now()) : null;
    if (target) return target;
  }
  if (!found.ok) {
    ctx.io.err(errorLine(found.error));
    return { ok: false, exitCode: exitCodeFor(found.error) };
  }
  if (found.value.kind !== 'found') return { ok: false, exitCode: reportUnresolved(ctx.io, id, found.value) };
  const { item, request } = found.value;
  if (item.readOnly === 'own-request') {
    // Azure refuses self-approval anyway; saying so here keeps the outbox free of a decision that cannot be.
    ctx.io.err('pim-approvals: this is your own request: someone else must decide it; nothing was sent.\n');
    return { ok: false, exitCode: exitCodes.error };
  }
  if (portalOnlyRequestTypes.has(request.requestType)) {
    ctx.io.err(`pim-approvals: ${inertText(request.requestType)} requests cannot be decided here; open the Azure portal.\n`);
    return { ok: false, exitCode: exitCodes.error };
  }
  const label = `${roleOnScope(item)} for ${inertText(item.requester.displayName) || inertText(item.requester.id)}`;
  return { ok: true, subject: { kind: item.kind, stageId: item.id, summary: requestSummaryOf(item), label } };
}
