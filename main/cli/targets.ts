/**
 * Finds what a CLI user means: the approver queue (two list calls — schedule requests and
 * approvals — joined), and one request by stage id, request id or a unique prefix of the
 * request name (one list call plus one approval GET). Reads only; never decides.
 */
import type { Approval, ArmApi, ArmResult, ScheduleRequest } from '../core/arm/types';
import { buildQueue, type QueueContext } from '../core/queue/build-queue';
import { isMineToDecide, toQueueItem, type QueueItem } from '../core/queue/queue-item';

/** The pending queue: schedule requests joined with the approvals list; approvals missing from it are fetched singly. */
export async function loadQueue(api: ArmApi, ctx: QueueContext): Promise<ArmResult<QueueItem[]>> {
  const [requests, listed] = await Promise.all([api.listScheduleRequests('asApprover'), api.listApprovals('asApprover')]);
  if (!requests.ok) return requests;
  if (!listed.ok) return listed;
  const approvals = new Map<string, Approval>(listed.value.map((a) => [a.id.toLowerCase(), a]));
  for (const request of requests.value) {
    if (request.status !== 'PendingApproval' || !request.approvalId || approvals.has(request.approvalId.toLowerCase())) continue;
    const got = await api.getApproval(request.approvalId);
    if (got.ok) approvals.set(request.approvalId.toLowerCase(), got.value);
    else if (got.error.status !== 404) return got;
  }
  return { ok: true, value: buildQueue(requests.value, approvals, ctx), meta: requests.meta };
}

/** What the commands need of a request of any kind (an ARM ScheduleRequest fits). */
export interface RequestFacts {
  name: string;
  status: string;
  requestType: string;
}

export type Resolved =
  | { kind: 'found'; request: RequestFacts; item: QueueItem }
  | { kind: 'not-found' }
  | { kind: 'ambiguous'; candidates: string[] }
  | { kind: 'no-stage'; request: RequestFacts };

export function isStageId(id: string): boolean {
  return id.startsWith('/') && /\/stages\/[^/]+$/i.test(id);
}

/** Looks among every request I am approver of (any status, so a decided one still resolves). */
export async function findTarget(api: ArmApi, query: string, accountId: string, principalId: string | null = null): Promise<ArmResult<Resolved>> {
  const listed = await api.listScheduleRequests('asApprover');
  if (!listed.ok) return listed;
  const match = matchRequest(listed.value, query);
  if (match.kind !== 'one') return { ok: true, value: match.kind === 'none' ? { kind: 'not-found' } : { kind: 'ambiguous', candidates: match.names }, meta: listed.meta };
  const request = match.request;
  if (!request.approvalId) return { ok: true, value: { kind: 'no-stage', request }, meta: listed.meta };
  const approval = await api.getApproval(request.approvalId);
  if (!approval.ok) return approval.error.status === 404 ? { ok: true, value: { kind: 'not-found' }, meta: listed.meta } : approval;
  const index = stageIndexFor(approval.value, query.trim().toLowerCase());
  const built = index < 0 ? null : toQueueItem(request, approval.value, index, accountId);
  const own = !!principalId && request.requestorId?.toLowerCase() === principalId.toLowerCase();
  const item = built && own ? { ...built, actionable: false } : built;
  return { ok: true, value: item ? { kind: 'found', request, item } : { kind: 'no-stage', request }, meta: approval.meta };
}

type Match = { kind: 'one'; request: ScheduleRequest } | { kind: 'none' } | { kind: 'many'; names: string[] };

/** Exact stage id, request id or name first; then a request-name prefix that must be unique. */
export function matchRequest(requests: ScheduleRequest[], query: string): Match {
  const q = query.trim().toLowerCase();
  if (!q) return { kind: 'none' };
  const exact = requests.filter(
    (r) => r.id.toLowerCase() === q || r.name.toLowerCase() === q || (isStageId(q) && !!r.approvalId && q.startsWith(`${r.approvalId.toLowerCase()}/stages/`)),
  );
  const found = exact.length > 0 ? exact : requests.filter((r) => r.name.toLowerCase().startsWith(q));
  const unique = [...new Map(found.map((r) => [r.id.toLowerCase(), r])).values()];
  if (unique.length === 1) return { kind: 'one', request: unique[0] as ScheduleRequest };
  return unique.length === 0 ? { kind: 'none' } : { kind: 'many', names: unique.map((r) => r.name) };
}

/** The named stage; else my open stage; else the last stage assigned to me (to report its outcome). */
export function stageIndexFor(approval: Approval, query: string): number {
  const named = approval.stages.findIndex((s) => s.id.toLowerCase() === query);
  if (named >= 0) return named;
  const open = approval.stages.findIndex(isMineToDecide);
  if (open >= 0) return open;
  for (let i = approval.stages.length - 1; i >= 0; i--) if (approval.stages[i]?.assignedToMe) return i;
  return -1;
}
