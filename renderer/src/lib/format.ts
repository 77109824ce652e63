/**
 * Words and numbers as ux.md asks for them: "3 h 12 min left", "Owner on Prod (subscription)",
 * "8 h". Pure functions of their inputs (the clock is passed in), no DOM. Requests are named
 * by preload/item-labels.ts, as in the tray and notifications; the window only adds the
 * scope's type for Azure resources.
 */
import type { ItemKind } from '../../../preload/api';
import { itemHeadline, itemHeadlineParts, type HeadlinePart, type NamedItem } from '../../../preload/item-labels';
import { scopeKind, type ScopeKind } from '../../../preload/scope-kind';

const HOUR = 60 * 60_000;

export function timeLeft(expiresAt: string, now: number): string {
  const ms = Date.parse(expiresAt) - now;
  if (!Number.isFinite(ms)) return 'unknown';
  if (ms <= 0) return 'expired';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 1) return 'under 1 min left';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h > 0 ? `${h} h ${m} min left` : `${m} min left`;
}

/** Under one hour left (or already gone): shown in red, and never by colour alone. */
export function isUrgent(expiresAt: string, now: number): boolean {
  return Date.parse(expiresAt) - now < HOUR;
}

export function clockTime(iso: string | null): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'unknown';
  return d.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
}

/** The exact moment, for hovers and the detail pane: "Mon 23 Nov 2026, 14:05". */
export function exactTime(iso: string | null): string {
  if (!iso) return 'not set';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleString([], { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });
}

// Moved to preload so main's privilege rule reads scopes the same way; re-exported for the window.
export { scopeKind, type ScopeKind };

export function scopeLabel(scope: { displayName: string; type: string }): string {
  const kind = scopeKind(scope.type);
  // An unknown type is shown raw rather than guessed at (pim-api.md: show unknown values).
  const word = kind === 'other' ? scope.type : kind === 'directory' ? 'Entra ID' : kind;
  return word ? `${scope.displayName} (${word})` : scope.displayName;
}

/** What the window names: a queue item, or one of my own requests (Azure resources, no kind). */
export interface NameableRequest {
  kind?: ItemKind;
  access?: NamedItem['access'];
  role: { displayName: string };
  scope: { id?: string; displayName: string; type: string };
}

/** The shared headline's input, with the scope's type added for Azure resources ("Prod (subscription)"). */
function windowNamed(item: NameableRequest): NamedItem {
  const kind = item.kind ?? 'azureResource';
  const scope = kind === 'azureResource' && item.scope.displayName ? { ...item.scope, displayName: scopeLabel(item.scope) } : item.scope;
  return { kind, access: item.access, role: item.role, scope };
}

/**
 * How the window names a request: "Owner on Prod-Payments (subscription)", "Global
 * Administrator (Entra ID)", "Member of Finance Admins (group)".
 */
export function requestName(item: NameableRequest): string {
  return itemHeadline(windowNamed(item));
}

/** requestName in pieces, so each tenant name can sit in its own <bdi>. */
export function requestNameParts(item: NameableRequest): HeadlinePart[] {
  return itemHeadlineParts(windowNamed(item));
}

const DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds of an ISO 8601 duration (weeks, days, hours, minutes, seconds), or null. */
export function durationMs(iso: string | null): number | null {
  if (!iso) return null;
  const m = DURATION.exec(iso.trim().toUpperCase());
  if (!m || iso.trim().toUpperCase() === 'P' || iso.trim().toUpperCase().endsWith('T')) return null;
  const [w, d, h, min, s] = m.slice(1).map((v) => (v ? Number(v) : 0)) as [number, number, number, number, number];
  return ((((w * 7 + d) * 24 + h) * 60 + min) * 60 + s) * 1000;
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** "PT8H" → "8 h", "PT1H30M" → "1 h 30 min", "P1D" → "1 day"; anything unreadable is shown raw. */
export function humanizeDuration(iso: string | null): string {
  if (!iso) return 'not set';
  const ms = durationMs(iso);
  if (ms === null) return iso;
  const totalMinutes = Math.round(ms / 60_000);
  if (totalMinutes === 0) return ms > 0 ? 'under 1 min' : '0 min';
  const days = Math.floor(totalMinutes / (24 * 60));
  const hours = Math.floor((totalMinutes % (24 * 60)) / 60);
  const minutes = totalMinutes % 60;
  const parts: string[] = [];
  if (days) parts.push(plural(days, 'day', 'days'));
  if (hours) parts.push(`${hours} h`);
  if (minutes) parts.push(`${minutes} min`);
  return parts.join(' ');
}

const REQUEST_TYPES: Record<string, string> = {
  SelfActivate: 'Activation',
  SelfExtend: 'Extension',
  SelfRenew: 'Renewal',
  SelfDeactivate: 'Deactivation',
  AdminAssign: 'Assignment by an admin',
  AdminExtend: 'Extension by an admin',
  AdminRenew: 'Renewal by an admin',
  AdminUpdate: 'Update by an admin',
  AdminRemove: 'Removal by an admin',
};

/** Known request types in words; an unknown one is shown raw, never dropped. */
export function requestTypeLabel(type: string): string {
  return Object.hasOwn(REQUEST_TYPES, type) ? (REQUEST_TYPES[type] as string) : type || 'Unknown type';
}

/** Extend and renew cannot be decided through ARM (pim-api.md): read-only in the app. */
export function isExtendOrRenew(type: string): boolean {
  return type === 'SelfExtend' || type === 'SelfRenew';
}

const STAGE_STATUS: Record<string, string> = {
  NotStarted: 'Not started',
  InProgress: 'In progress',
  Completed: 'Completed',
  Expired: 'Expired',
  Initializing: 'Starting',
  Escalating: 'Escalating',
  Completing: 'Completing',
  Escalated: 'Escalated',
};

/** Stage status in words; unknown values are shown raw (pim-api.md). */
export function stageStatusLabel(status: string): string {
  return Object.hasOwn(STAGE_STATUS, status) ? (STAGE_STATUS[status] as string) : status || 'Unknown';
}

const REQUEST_STATUS: Record<string, string> = {
  PendingApproval: 'Waiting for approval',
  PendingApprovalProvisioning: 'Approved, being provisioned',
  Granted: 'Granted',
  Provisioned: 'Active',
  Denied: 'Denied',
  AdminApproved: 'Approved by an admin',
  AdminDenied: 'Denied by an admin',
  Revoked: 'Revoked',
  Canceled: 'Cancelled',
  TimedOut: 'Timed out',
  Failed: 'Failed',
  PendingEvaluation: 'Being evaluated',
  Accepted: 'Accepted',
};

/** Schedule request status in words (an open set): unknown values are shown raw. */
export function requestStatusLabel(status: string): string {
  return Object.hasOwn(REQUEST_STATUS, status) ? (REQUEST_STATUS[status] as string) : status || 'Unknown';
}
