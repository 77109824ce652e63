/**
 * The Entra ID roles and PIM for Groups adapters: ApprovalService over the Graph client,
 * one per Graph kind. Each kind needs its own delegated permission, so each can be off on
 * its own (no consent, a 403) while the rest keep working; stage ids are Graph paths.
 * The only file outside core/graph that knows how Graph lists, finds and words requests.
 */
import type { Approval, ArmResult } from '../arm/types';
import type { GraphKind, GraphRequest } from '../graph/types';
import { graphRefusal } from '../graph/refusal';
import { GRAPH_SERVICE } from '../graph/client';
import { kindOfStagePath } from '../graph/urls';
import { graphPollOnce } from '../queue/graph-poll-once';
import { isOwnGraphRequest, requestTypeOf, toGraphQueueItem } from '../queue/graph-item';
import { ownRequestItem } from '../queue/own-request';
import type { ApprovalService, OwnRequest, ReaderContext, Resolved } from './approval-service';
import { matchRequest, stageIndexFor } from './find-request';
import type { GraphSession } from './graph-session';

export function graphKindService(kind: GraphKind, graph: GraphSession): ApprovalService {
  const { api } = graph;
  return {
    kind,
    ...(graph.budgets ? { budgets: graph.budgets } : {}),
    serviceName: GRAPH_SERVICE.name,
    essential: false,
    access: () => graph.access(kind),
    waiting(context) {
      const seen = new Set<string>();
      const approvals = new Map<string, Approval>();
      return (signal) =>
        graphPollOnce(api, kind, seen, {
          accountId: context.accountId,
          approvals,
          principalId: context.principalId,
          signal,
          ...(context.concurrency !== undefined ? { concurrency: context.concurrency } : {}),
        });
    },
    async mine(signal) {
      const listed = await api.listMine(kind, signal);
      return listed.ok ? { ...listed, value: listed.value.map(ownRequestOf) } : listed;
    },
    find: (query, context) => findGraphRequest(graph, kind, query, context),
    ownsStageId: (id) => kindOfStagePath(id.trim()) === kind,
    getStage: (id, signal, meter) => api.getStage(id, signal, meter),
    decide: (...args) => api.decide(...args),
    whoAmI: (signal) => api.currentPrincipal(kind, signal),
    problem: (error) => (error.status === 403 ? graphRefusal(kind, error) : error.message),
  };
}

/** A Graph request in the ARM shape, so every kind's own requests read alike. */
export function ownRequestOf(r: GraphRequest): OwnRequest {
  return {
    kind: r.kind,
    ...(r.access ? { access: r.access } : {}),
    id: r.id,
    name: r.id,
    status: r.status,
    requestType: requestTypeOf(r.action),
    approvalId: r.approvalId,
    requestorId: r.createdById,
    principal: r.principal,
    roleDefinition: r.role,
    scope: r.scope,
    justification: r.justification,
    ticketNumber: r.ticketNumber,
    ticketSystem: r.ticketSystem,
    createdOn: r.createdDateTime,
    startDateTime: r.startDateTime,
    duration: r.duration,
    expirationType: null,
  };
}

/**
 * One request by request id, a unique prefix of it, or its stage path. Graph lists only
 * pending requests (filterByCurrentUser), so a decided one no longer resolves.
 */
async function findGraphRequest(graph: GraphSession, kind: GraphKind, query: string, context: ReaderContext): Promise<ArmResult<Resolved>> {
  const listed = await graph.api.listPending(kind);
  if (!listed.ok) return listed;
  const byStage = kindOfStagePath(query.trim()) === kind;
  const named = listed.value.map((r) => ({ ...r, name: r.id }));
  const match = matchRequest(named, query, (q, r) => byStage && !!r.approvalId && q.includes(`/${r.approvalId.toLowerCase()}/`));
  if (match.kind !== 'one') return { ok: true, value: match.kind === 'none' ? { kind: 'not-found' } : { kind: 'ambiguous', candidates: match.names }, meta: listed.meta };
  const request = match.request;
  const facts = { name: request.id, status: request.status, requestType: requestTypeOf(request.action) };
  if (!request.approvalId) return { ok: true, value: { kind: 'no-stage', request: facts }, meta: listed.meta };
  const approval = await graph.api.getApproval(kind, request.approvalId);
  if (!approval.ok) return approval.error.status === 404 ? { ok: true, value: { kind: 'not-found' }, meta: listed.meta } : approval;
  const index = stageIndexFor(approval.value, query.trim().toLowerCase());
  const built = index < 0 ? null : toGraphQueueItem(request, approval.value, index, context.accountId);
  const item = built && isOwnGraphRequest(request, context.principalId) ? ownRequestItem(built) : built;
  return { ok: true, value: item ? { kind: 'found', request: facts, item } : { kind: 'no-stage', request: facts }, meta: approval.meta };
}
