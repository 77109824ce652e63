/**
 * Resolves an ID the user typed to one request of any kind: an ARM stage id or a Graph
 * stage path goes straight to its service; anything else is looked up among Azure resource
 * requests first, then Entra ID roles and groups. A Graph kind that cannot be read (or no
 * Graph at all) is named on stderr and skipped. Reads only.
 */
import type { ArmClient } from '../core/arm/client';
import type { ArmResult } from '../core/arm/types';
import { GRAPH_KINDS } from '../core/graph/types';
import { kindOfStagePath } from '../core/graph/urls';
import type { CommandContext } from './context';
import { findGraphTarget } from './graph-targets';
import { graphWarning } from './kinds';
import { findTarget, isStageId, type Resolved } from './targets';
import { graphPrincipal } from './principal';
import { inertText } from './inert-text';

export async function findAnyTarget(
  ctx: CommandContext,
  arm: { client: ArmClient; principalId: string | null },
  id: string,
): Promise<ArmResult<Resolved>> {
  const graphKind = kindOfStagePath(id.trim());
  if (!graphKind) {
    const found = await findTarget(arm.client, id, arm.client.origin, arm.principalId);
    if (!found.ok || found.value.kind !== 'not-found' || isStageId(id)) return found;
  }
  const graph = await ctx.graph();
  const notFound: ArmResult<Resolved> = { ok: true, value: { kind: 'not-found' }, meta: { status: 200, clientRequestId: '', requestId: null, correlationId: null } };
  if (!graph.ok) {
    if (graphKind) return { ok: false, error: { kind: 'unauthorized', message: `Cannot read Microsoft Graph: ${graph.reason}.` } };
    ctx.io.err(`pim-approvals: Entra ID roles and groups were not searched: ${inertText(graph.reason)}.\n`);
    return notFound;
  }
  for (const kind of graphKind ? [graphKind] : GRAPH_KINDS) {
    const who = await graphPrincipal(arm.principalId, graph.client, kind);
    const found = await findGraphTarget(graph.client, kind, id, { accountId: arm.client.origin, now: ctx.clock.now(), principalId: who.id });
    if (found.ok && who.problem) ctx.io.err(who.problem);
    if (!found.ok) {
      if (graphKind) return found;
      ctx.io.err(graphWarning(kind, found.error));
      continue;
    }
    if (found.value.kind !== 'not-found') return found;
  }
  return notFound;
}
