/**
 * Human output of the CLI: the queue table, time left, error lines. Every value from ARM
 * passes through inertText here. Pure; never writes (commands write through io).
 */
import type { ArmError } from '../core/arm/types';
import type { QueueItem } from '../core/queue/queue-item';
import { inertText } from './inert-text';
import { itemHeadline, kindLabel } from '../core/model/item-labels';
import { humanizeDuration, requestTypeLabel } from '../core/model/request-words';
import { shortId, uniqueShortIds } from './short-ids';

export { shortId };

/**
 * "3 h 12 min", "45 min"; "time up" when this machine's clock says the window closed — not
 * "expired": only Azure says that, and a request it still lists can be decided.
 */
export function timeLeft(expiresAt: string, now: number): string {
  const ms = Date.parse(expiresAt) - now;
  if (Number.isNaN(ms)) return 'unknown';
  if (!(ms > 0)) return 'time up';
  const minutes = Math.floor(ms / 60_000);
  const hours = Math.floor(minutes / 60);
  return hours > 0 ? `${hours} h ${minutes % 60} min` : `${minutes} min`;
}

/**
 * "Owner on Prod", "Global Administrator (Entra ID)", "Member of Finance Admins (group)": the
 * labels' headline over names made inert first, so a name of control characters alone reads
 * as "(role)" or "(scope)" rather than nothing.
 */
export function roleOnScope(item: Pick<QueueItem, 'kind' | 'role' | 'scope'> & Partial<Pick<QueueItem, 'access'>>): string {
  const role = { displayName: inertText(item.role.displayName) };
  const scope = { displayName: inertText(item.scope.displayName), id: inertText(item.scope.id) };
  return itemHeadline({ kind: item.kind, access: item.access, role, scope }, '(role)', '(scope)');
}

export function requesterText(item: Pick<QueueItem, 'requester'>): string {
  const name = inertText(item.requester.displayName) || inertText(item.requester.id);
  return item.requester.upn ? `${name} <${inertText(item.requester.upn)}>` : name;
}

const readOnlyWords: Record<NonNullable<QueueItem['readOnly']>, string> = {
  'portal-only': 'portal only',
  'own-request': 'your own request',
  'not-mine': 'not your stage now',
};

/** "Activation", as the window says it; a request the user cannot decide here says why. */
export function requestTypeText(item: Pick<QueueItem, 'requestType' | 'actionable' | 'readOnly'>): string {
  const type = inertText(requestTypeLabel(item.requestType));
  if (item.actionable) return type;
  return `${type} (${item.readOnly ? readOnlyWords[item.readOnly] : 'read-only'})`;
}

/** Each item with the short ID the table shows (unique among `items`), for JSON beside the full ids. */
export function withShortIds<T extends Pick<QueueItem, 'requestName'>>(items: readonly T[]): (T & { shortId: string })[] {
  const ids = uniqueShortIds(items.map((i) => i.requestName));
  return items.map((i) => ({ ...i, shortId: ids.get(i.requestName) ?? shortId(i.requestName) }));
}

/** The queue in the window's words: "Activation", "2 h", "Entra ID role". */
export function queueTable(items: QueueItem[], now: number): string {
  const rows = withShortIds(items).map((i) => [
    i.shortId,
    kindLabel(i.kind),
    roleOnScope(i),
    requesterText(i),
    inertText(humanizeDuration(i.duration)),
    timeLeft(i.expiresAt, now),
    requestTypeText(i),
  ]);
  return table(['ID', 'KIND', 'ROLE ON SCOPE', 'REQUESTER', 'FOR', 'TIME LEFT', 'TYPE'], rows);
}

/** `-o tsv` of queue items: short ID, kind, request type, role, scope, requester, upn, expires, duration, actionable, stage id. */
export function queueTsv(items: readonly QueueItem[]): (string | boolean | null)[][] {
  return withShortIds(items).map((i) => [
    i.shortId,
    i.kind,
    i.requestType,
    i.role.displayName,
    i.scope.displayName,
    i.requester.displayName,
    i.requester.upn,
    i.expiresAt,
    i.duration,
    i.actionable,
    i.id,
  ]);
}

/** Columns padded to their widest cell (cells are already inert, single-line). */
export function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => (r[c] ?? '').length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === cells.length - 1 ? cell : cell.padEnd(widths[c] ?? 0))).join('  ');
  return [line(header), ...rows.map(line)].join('\n') + '\n';
}

/** "pim-approvals: message (code X; client request id Y)" — the id lets support trace the call. */
export function errorLine(error: ArmError): string {
  const details = [error.code ? `code ${inertText(error.code)}` : '', error.meta?.clientRequestId ? `client request id ${error.meta.clientRequestId}` : '']
    .filter(Boolean)
    .join('; ');
  return `pim-approvals: ${inertText(error.message)}${details ? ` (${details})` : ''}\n`;
}
