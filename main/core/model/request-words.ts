/**
 * The words a person reads for Azure's raw values, in one place for the window and the
 * CLI: "Activation" for `SelfActivate`, "2 h" for `PT2H`, "In progress" for `InProgress`,
 * "Waiting for approval" for `PendingApproval`. Pure and dependency-free (bundled into the
 * renderer too). Unknown values are shown raw, never dropped (pim-api.md: open sets).
 * Callers flatten or escape the text for their surface; nothing here interprets it.
 */

const DURATION = /^P(?:(\d+(?:\.\d+)?)W)?(?:(\d+(?:\.\d+)?)D)?(?:T(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?)?$/;

/** Milliseconds of an ISO 8601 duration (weeks, days, hours, minutes, seconds), or null. */
export function durationMs(iso: string | null): number | null {
  if (!iso) return null;
  const text = iso.trim().toUpperCase();
  const m = DURATION.exec(text);
  // "P" and "…T" match the pattern with nothing in them: not a duration.
  if (!m || text === 'P' || text.endsWith('T')) return null;
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

/** Extend and renew cannot be decided through ARM (pim-api.md): read-only everywhere. */
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
