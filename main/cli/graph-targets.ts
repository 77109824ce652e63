/**
 * The CLI's reads of the Graph kinds (Entra ID roles, PIM for Groups): each kind's pending
 * queue, and one request by request id, a unique prefix of it, or its stage path. Graph
 * lists only pending requests (filterByCurrentUser), so a decided one no longer resolves.
 * Reads only; never decides.
 */
import type { ArmResult } from '../core/arm/types';
import type { GraphApi, GraphKind } from '../core/graph/types';
import { kindOfStagePath } from '../core/graph/urls';
import { isOwnGraphRequest, requestTypeOf, toGraphQueueItem } from '../core/queue/graph-item';
import { graphPollOnce } from '../core/queue/graph-poll-once';
import type { QueueContext } from '../core/queue/build-queue';
import type { QueueItem } from '../core/queue/queue-item';
import { stageIndexFor, type Resolved } from './targets';

/** One kind's queue: one list call plus one approval GET per pending request. */
export function loadGraphQueue(api: GraphApi, kind: GraphKind, ctx: QueueContext): Promise<ArmResult<QueueItem[]>> {
  return graphPollOnce(api, kind, new Set(), { ...ctx, approvals: new Map() });
}

export async function findGraphTarget(api: GraphApi, kind: GraphKind, query: string, ctx: QueueContext): Promise<ArmResult<Resolved>> {
  const listed = await api.listPending(kind);
  if (!listed.ok) return listed;
  const q = query.trim().toLowerCase();
  const byStage = kindOfStagePath(query.trim()) === kind;
  const exact = listed.value.filter((r) => r.id.toLowerCase() === q || (byStage && !!r.approvalId && q.includes(`/${r.approvalId.toLowerCase()}/`)));
  const found = exact.length > 0 || !q ? exact : listed.value.filter((r) => r.id.toLowerCase().startsWith(q));
  if (found.length === 0) return { ok: true, value: { kind: 'not-found' }, meta: listed.meta };
  if (found.length > 1) return { ok: true, value: { kind: 'ambiguous', candidates: found.map((r) => r.id) }, meta: listed.meta };
  const request = found[0] as (typeof found)[number];
  const facts = { name: request.id, status: request.status, requestType: requestTypeOf(request.action) };
  if (!request.approvalId) return { ok: true, value: { kind: 'no-stage', request: facts }, meta: listed.meta };
  const approval = await api.getApproval(kind, request.approvalId);
  if (!approval.ok) return approval.error.status === 404 ? { ok: true, value: { kind: 'not-found' }, meta: listed.meta } : approval;
  const index = stageIndexFor(approval.value, q);
  const built = index < 0 ? null : toGraphQueueItem(request, approval.value, index, ctx.accountId);
  const item = built && isOwnGraphRequest(request, ctx.principalId) ? { ...built, actionable: false, readOnly: 'own-request' as const } : built;
  return { ok: true, value: item ? { kind: 'found', request: facts, item } : { kind: 'no-stage', request: facts }, meta: approval.meta };
}
