/**
 * Words and numbers as ux.md asks for them: "3 h 12 min left", "Owner on Prod (subscription)",
 * "8 h". Pure functions of their inputs (the clock is passed in), no DOM. Requests are named
 * by preload/item-labels.ts, as in the tray and notifications; the window only adds the
 * scope's type for Azure resources.
 */
import type { ItemKind } from '../../../preload/api';
import { itemHeadline, itemHeadlineParts, type HeadlinePart, type NamedItem } from '../../../preload/item-labels';
import { scopeKind } from '../../../preload/scope-kind';

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

// One formatter each, built once: toLocale*String with options builds a new one per call
// (every row's hover text, every expired row, on every keystroke that re-renders rows).
const clockFormat = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
const exactFormat = new Intl.DateTimeFormat([], { weekday: 'short', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit' });

export function clockTime(iso: string | null): string {
  if (!iso) return 'never';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return 'unknown';
  return clockFormat.format(d);
}

/** The exact moment, for hovers and the detail pane: "Mon 23 Nov 2026, 14:05". */
export function exactTime(iso: string | null): string {
  if (!iso) return 'not set';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return exactFormat.format(d);
}

// Moved to preload so main's privilege rule reads scopes the same way; re-exported for the window.
export { scopeKind };

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

// The request words the CLI's tables use too: one wording for every surface.
export { durationMs, humanizeDuration, requestTypeLabel, isExtendOrRenew, stageStatusLabel, requestStatusLabel } from '../../../preload/request-words';
