/**
 * pollOnce: one poll of the approver queue at the cost the design promises — one list
 * call, plus one approval GET per approval id not seen before. A cached approval with no
 * stage open for me (a serial approval waiting on someone else's stage) is fetched again,
 * since the list call cannot tell when my stage opens. Owns the seen-set and the approval
 * cache it is given; never sleeps or schedules (the poller does).
 */
import type { Approval, ArmApi, ArmResult } from '../arm/types';
import { buildQueue, type QueueContext } from './build-queue';
import { isMineToDecide, type QueueItem } from './queue-item';

/** Above this many unseen approvals, one approvals-list call replaces the GETs. */
export const bulkThreshold = 10;

export interface PollContext extends QueueContext {
  /** Approvals already fetched, keyed by the request's approvalId; kept in step with `seen`. */
  approvals: Map<string, Approval>;
  /** How many approval GETs run at once on a first poll. */
  concurrency?: number;
  signal?: AbortSignal;
}

export async function pollOnce(
  api: ArmApi,
  seen: Set<string>,
  ctx: PollContext,
): Promise<ArmResult<QueueItem[]>> {
  const listed = await api.listScheduleRequests('asApprover', ctx.signal);
  if (!listed.ok) return listed;
  const pending = listed.value.filter((r) => r.status === 'PendingApproval' && r.approvalId);
  const wanted = new Set(pending.map((r) => r.approvalId as string));

  // Forget approvals no longer pending so memory stays bounded by the queue.
  for (const id of [...seen]) if (!wanted.has(id)) seen.delete(id);
  for (const id of [...ctx.approvals.keys()]) if (!wanted.has(id)) ctx.approvals.delete(id);

  const unseen: string[] = [...wanted].filter((id) => {
    const cached = ctx.approvals.get(id);
    return !seen.has(id) || !cached || !cached.stages.some(isMineToDecide);
  });
  // Many newcomers at once (the first poll of a busy approver): one approvals-list call
  // (the seed API, stages included) instead of a GET each, which ARM's read limit would
  // pace to 25 a second. Whatever it misses is still fetched one by one below.
  if (unseen.length > bulkThreshold) {
    const bulk = await api.listApprovals('asApprover', ctx.signal);
    if (!bulk.ok && (bulk.error.kind === 'unauthorized' || bulk.error.kind === 'throttled')) return bulk;
    if (bulk.ok) {
      const wantedByLower = new Map(unseen.map((id) => [id.toLowerCase(), id]));
      for (const approval of bulk.value) {
        const id = wantedByLower.get(approval.id.toLowerCase());
        if (id === undefined) continue;
        seen.add(id);
        ctx.approvals.set(id, approval);
        wantedByLower.delete(approval.id.toLowerCase());
      }
      unseen.splice(0, unseen.length, ...wantedByLower.values());
    }
  }
  let stop: ArmResult<never> | undefined;
  const queue = [...unseen];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined && !stop; id = queue.shift()) {
      const got = await api.getApproval(id, ctx.signal);
      if (got.ok) {
        seen.add(id);
        ctx.approvals.set(id, got.value);
      } else if (got.error.kind === 'unauthorized' || got.error.kind === 'throttled') {
        stop = got; // the poller must back off or sign in again; other failures retry next poll
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(ctx.concurrency ?? 4, unseen.length)) }, worker));
  if (stop) return stop;
  return { ok: true, value: buildQueue(pending, ctx.approvals, ctx), meta: listed.meta };
}
