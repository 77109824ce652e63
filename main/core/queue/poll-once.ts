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
  const unseen = unseenApprovals(pending.map((r) => r.approvalId as string), seen, ctx.approvals);
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
  const stop = await fetchApprovals(unseen, (id) => api.getApproval(id, ctx.signal), seen, ctx);
  if (stop) return stop;
  return { ok: true, value: buildQueue(pending, ctx.approvals, ctx), meta: listed.meta };
}

/**
 * The approval ids to fetch this poll: new ones, and cached ones with no stage open for me
 * (a serial approval may have moved on to my stage). Forgets approvals no longer pending,
 * so memory stays bounded by the queue. Shared by the ARM and Graph polls.
 */
export function unseenApprovals(wantedIds: readonly string[], seen: Set<string>, approvals: Map<string, Approval>): string[] {
  const wanted = new Set(wantedIds);
  for (const id of [...seen]) if (!wanted.has(id)) seen.delete(id);
  for (const id of [...approvals.keys()]) if (!wanted.has(id)) approvals.delete(id);
  return [...wanted].filter((id) => {
    const cached = approvals.get(id);
    return !seen.has(id) || !cached || !cached.stages.some(isMineToDecide);
  });
}

/**
 * GETs approvals a few at a time into the cache. Returns the failure that must stop the
 * poll (a refused token or a 429: the poller backs off or asks for sign-in); other
 * failures are left for the next poll.
 */
export async function fetchApprovals(
  ids: readonly string[],
  get: (id: string) => Promise<ArmResult<Approval>>,
  seen: Set<string>,
  ctx: Pick<PollContext, 'approvals' | 'concurrency'>,
): Promise<ArmResult<never> | undefined> {
  let stop: ArmResult<never> | undefined;
  const queue = [...ids];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined && !stop; id = queue.shift()) {
      const got = await get(id);
      if (got.ok) {
        seen.add(id);
        ctx.approvals.set(id, got.value);
      } else if (got.error.kind === 'unauthorized' || got.error.kind === 'throttled') {
        stop = got;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(ctx.concurrency ?? 4, ids.length)) }, worker));
  return stop;
}
