/**
 * One poll of one Graph kind at the ARM poll's cost rule: one list call, plus one approval
 * GET per approval not seen before (or whose open stage is not mine yet). Owns nothing
 * beyond the seen-set and approval cache it is given; never sleeps or schedules.
 */
import type { ArmResult } from '../arm/types';
import type { GraphApi, GraphKind } from '../graph/types';
import { buildGraphQueue } from './graph-item';
import { fetchApprovals, unseenApprovals, type PollContext } from './poll-once';
import type { QueueItem } from './queue-item';

export async function graphPollOnce(api: GraphApi, kind: GraphKind, seen: Set<string>, ctx: PollContext): Promise<ArmResult<QueueItem[]>> {
  const listed = await api.listPending(kind, ctx.signal);
  if (!listed.ok) return listed;
  const pending = listed.value.filter((r) => r.status === 'PendingApproval' && r.approvalId);
  const unseen = unseenApprovals(pending.map((r) => r.approvalId as string), seen, ctx.approvals);
  const stop = await fetchApprovals(unseen, (id) => api.getApproval(kind, id, ctx.signal), seen, ctx);
  if (stop) return stop;
  return { ok: true, value: buildGraphQueue(pending, ctx.approvals, ctx), meta: listed.meta };
}
