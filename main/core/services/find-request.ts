/**
 * Finding the one request a person named (the CLI's IDs): an exact stage id, request id or
 * name first, then a unique prefix of the name; and which stage of its approval is meant.
 * Pure; the adapters do the reads.
 */
import type { Approval } from '../arm/types';
import { isMineToDecide } from '../queue/queue-item';

/** What a request must say for it to be found by id, name or stage id. */
export interface Findable {
  id: string;
  name: string;
  approvalId: string | null;
}

export type Match<T> = { kind: 'one'; request: T } | { kind: 'none' } | { kind: 'many'; names: string[] };

/** A full ARM stage id (`…/roleAssignmentApprovals/{id}/stages/{id}`). */
export function isStageId(id: string): boolean {
  return id.startsWith('/') && /\/stages\/[^/]+$/i.test(id);
}

/** Exact stage id, request id or name first; then a request-name prefix that must be unique. */
export function matchRequest<T extends Findable>(requests: readonly T[], query: string, stageOf: (q: string, r: T) => boolean = armStageOf): Match<T> {
  const q = query.trim().toLowerCase();
  if (!q) return { kind: 'none' };
  const exact = requests.filter((r) => r.id.toLowerCase() === q || r.name.toLowerCase() === q || stageOf(q, r));
  const found = exact.length > 0 ? exact : requests.filter((r) => r.name.toLowerCase().startsWith(q));
  const unique = [...new Map(found.map((r) => [r.id.toLowerCase(), r])).values()];
  if (unique.length === 1) return { kind: 'one', request: unique[0] as T };
  return unique.length === 0 ? { kind: 'none' } : { kind: 'many', names: unique.map((r) => r.name) };
}

/** An ARM stage id names the request whose approval it belongs to. */
function armStageOf(q: string, r: Findable): boolean {
  return isStageId(q) && !!r.approvalId && q.startsWith(`${r.approvalId.toLowerCase()}/stages/`);
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
