/**
 * `list --created-by-me`: the user's own requests of every kind — Azure resource roles
 * (ARM asRequestor()) and Entra ID roles and groups (Graph filterByCurrentUser(on='principal'))
 * — as one list in the ARM schedule-request shape (JSON `pim-approvals/requests@1`), plus
 * its kind and the short ID. Pure mapping and wording; the reads are list.ts's.
 */
import { itemHeadline, kindLabel } from '../core/model/item-labels';
import { requestStatusLabel, requestTypeLabel } from '../core/model/request-words';
import type { OwnRequest } from '../core/services/approval-service';
import { approvalWindowMs } from '../core/queue/queue-item';
import { table, timeLeft } from './format';
import { inertText } from './inert-text';
import { uniqueShortIds } from './short-ids';

export type MyRequest = OwnRequest & { shortId: string };

/** Newest first, each with a short ID unique among them. */
export function myRequests(all: readonly OwnRequest[]): MyRequest[] {
  const ids = uniqueShortIds(all.map((r) => r.name));
  const created = (r: { createdOn: string | null }) => (r.createdOn ? Date.parse(r.createdOn) || 0 : 0);
  return all.map((r) => ({ ...r, shortId: ids.get(r.name) ?? r.name })).sort((a, b) => created(b) - created(a));
}

function headline(r: MyRequest): string {
  return inertText(itemHeadline({ kind: r.kind, access: r.access, role: { displayName: r.roleDefinition?.displayName ?? '' }, scope: { displayName: r.scope?.displayName ?? r.scope?.id ?? '', id: r.scope?.id } }, '(role)'));
}

/** Time left of a request still waiting (its 24-hour approval window); empty otherwise. */
function left(r: MyRequest, now: number): string {
  const created = r.createdOn ? Date.parse(r.createdOn) : NaN;
  return r.status === 'PendingApproval' && !Number.isNaN(created) ? timeLeft(new Date(created + approvalWindowMs).toISOString(), now) : '';
}

export function myRequestsTable(requests: readonly MyRequest[], now: number): string {
  const rows = requests.map((r) => [r.shortId, kindLabel(r.kind), headline(r), inertText(requestStatusLabel(r.status)), left(r, now), inertText(requestTypeLabel(r.requestType))]);
  return table(['ID', 'KIND', 'ROLE ON SCOPE', 'STATUS', 'TIME LEFT', 'TYPE'], rows);
}

/** `-o tsv`: short ID, kind, status, request type, role, scope, created, request id. */
export function myRequestsTsv(requests: readonly MyRequest[]): (string | null)[][] {
  return requests.map((r) => [r.shortId, r.kind, r.status, r.requestType, r.roleDefinition?.displayName ?? null, r.scope?.displayName ?? null, r.createdOn, r.id]);
}
