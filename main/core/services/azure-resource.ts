/**
 * The Azure resource roles adapter: ApprovalService over the ARM client. ARM is the
 * service every session has, so the connection follows it (essential), it needs no consent
 * of its own, and its stage ids are full ARM ids. The only file outside core/arm that knows
 * how ARM lists, finds and words requests.
 */
import type { Approval, ArmApi, ArmResult } from '../arm/types';
import { ARM_SERVICE } from '../arm/client';
import { pollOnce } from '../queue/poll-once';
import { toQueueItem } from '../queue/queue-item';
import type { ApprovalService, ReaderContext, Resolved } from './approval-service';
import { matchRequest, stageIndexFor } from './find-request';
import { isArmStageId } from '../arm/urls';
import { isMe, ownRequestItem } from '../queue/own-request';

export function azureResourceService(api: ArmApi): ApprovalService {
  return {
    kind: 'azureResource',
    serviceName: ARM_SERVICE.name,
    essential: true,
    access: async () => ({ ok: true }),
    waiting(context) {
      const seen = new Set<string>();
      const approvals = new Map<string, Approval>();
      return (signal) =>
        pollOnce(api, seen, {
          accountId: context.accountId,
          approvals,
          principalId: context.principalId,
          signal,
          ...(context.concurrency !== undefined ? { concurrency: context.concurrency } : {}),
        });
    },
    async mine(signal) {
      const listed = await api.listScheduleRequests('asRequestor', signal);
      return listed.ok ? { ...listed, value: listed.value.map((r) => ({ ...r, kind: 'azureResource' as const })) } : listed;
    },
    find: (query, context) => findArmRequest(api, query, context),
    ownsStageId: (id) => isArmStageId(id.trim()),
    getStage: (id, signal, meter) => api.getStage(id, signal, meter),
    decide: (...args) => api.decide(...args),
    problem: (error) => error.message,
  };
}

/** Looks among every request I am approver of (any status, so a decided one still resolves). */
async function findArmRequest(api: ArmApi, query: string, context: ReaderContext): Promise<ArmResult<Resolved>> {
  const listed = await api.listScheduleRequests('asApprover');
  if (!listed.ok) return listed;
  const match = matchRequest(listed.value, query);
  if (match.kind !== 'one') return { ok: true, value: match.kind === 'none' ? { kind: 'not-found' } : { kind: 'ambiguous', candidates: match.names }, meta: listed.meta };
  const request = match.request;
  if (!request.approvalId) return { ok: true, value: { kind: 'no-stage', request }, meta: listed.meta };
  const approval = await api.getApproval(request.approvalId);
  if (!approval.ok) return approval.error.status === 404 ? { ok: true, value: { kind: 'not-found' }, meta: listed.meta } : approval;
  const index = stageIndexFor(approval.value, query.trim().toLowerCase());
  const built = index < 0 ? null : toQueueItem(request, approval.value, index, context.accountId);
  const item = built && isMe(request.requestorId, context.principalId) ? ownRequestItem(built) : built;
  return { ok: true, value: item ? { kind: 'found', request, item } : { kind: 'no-stage', request }, meta: approval.meta };
}
