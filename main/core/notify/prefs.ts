/**
 * The notification preferences the planner and router read, and the one rule on top of
 * them: are notifications quiet right now (disabled, paused for an hour, quiet hours)?
 * Pure; local time comes from an IANA zone so tests do not depend on the machine's.
 */
import type { Settings } from '../model/state';

export interface NotifyPrefs {
  enabled: boolean;
  /** Local wall-clock window ("22:00"–"07:00" runs overnight); null when off. */
  quietHours: { start: string; end: string } | null;
  /** IANA zone for quiet hours; undefined means the system's. */
  timeZone?: string;
  /** "Pause notifications (1 hour)": epoch ms until which nothing pops up; null when not paused. */
  pausedUntil: number | null;
  /** One-click decisions: Approve/Deny on a notification decides at once with the default justification. */
  oneClick: boolean;
  /** The user's remembered justification; '' when none. */
  defaultJustification: string;
  /** Groups the user named as High privilege (Settings.highPrivilegeGroups): no one-click for them. */
  highPrivilegeGroups?: readonly string[];
  /** One reminder at an hour left (Settings.expiryReminder); absent means on. */
  expiryReminder?: boolean;
}

export const defaultNotifyPrefs: NotifyPrefs = {
  enabled: true,
  quietHours: null,
  pausedUntil: null,
  oneClick: false,
  defaultJustification: '',
};

/** How long "Pause notifications" lasts. */
export const notificationPauseMs = 60 * 60 * 1000;

/** The notification prefs from the app's Settings plus the tray's "Pause notifications" deadline. */
export function notifyPrefsFromSettings(
  settings: Pick<Settings, 'notifications' | 'quietHours' | 'oneClickDecisions' | 'defaultJustification' | 'highPrivilegeGroups' | 'expiryReminder'>,
  pausedUntil: number | null,
  timeZone?: string,
): NotifyPrefs {
  return {
    enabled: settings.notifications,
    quietHours: settings.quietHours.enabled ? { start: settings.quietHours.start, end: settings.quietHours.end } : null,
    ...(timeZone ? { timeZone } : {}),
    pausedUntil,
    oneClick: settings.oneClickDecisions,
    defaultJustification: settings.defaultJustification,
    ...(settings.highPrivilegeGroups?.length ? { highPrivilegeGroups: settings.highPrivilegeGroups } : {}),
    ...(settings.expiryReminder === false ? { expiryReminder: false } : {}),
  };
}

export type QuietReason = 'disabled' | 'paused' | 'quiet-hours';

export function quietReason(prefs: NotifyPrefs, now: number): QuietReason | null {
  if (!prefs.enabled) return 'disabled';
  if (prefs.pausedUntil !== null && now < prefs.pausedUntil) return 'paused';
  if (prefs.quietHours && inWindow(prefs.quietHours, minuteOfDay(now, prefs.timeZone))) return 'quiet-hours';
  return null;
}

/** "HH:MM" → minutes after midnight; null when malformed (a bad setting must not silence everything). */
export function parseClockTime(text: string): number | null {
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(text.trim());
  return m ? Number(m[1]) * 60 + Number(m[2]) : null;
}

function inWindow(window: { start: string; end: string }, minute: number): boolean {
  const start = parseClockTime(window.start);
  const end = parseClockTime(window.end);
  if (start === null || end === null || start === end) return false;
  return start < end ? minute >= start && minute < end : minute >= start || minute < end;
}

export function minuteOfDay(now: number, timeZone?: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(now));
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? 0);
  const minute = Number(parts.find((p) => p.type === 'minute')?.value ?? 0);
  return (hour % 24) * 60 + minute;
}
