/**
 * Cues worth a second look (ux.md): small labelled tags beside the role. Pure: the item and
 * the local time zone (through Date) are all it reads. Never decides anything for the user.
 */
import type { QueueItemDto } from '../../../preload/api';
import { isDirectoryWide } from '../../../preload/item-labels';
import { isHighPrivilege, isHighPrivilegeGroup } from '../../../preload/privilege';
import { getContext, setContext } from 'svelte';
import { durationMs, scopeKind } from './format';

export type CueId =
  | 'high-privilege'
  | 'subscription-wide'
  | 'management-group-wide'
  | 'directory-wide'
  | 'group-owner'
  | 'outside-hours'
  | 'long-duration';

export interface Cue {
  id: CueId;
  label: string;
  /** Why the tag is there, for its hover and the detail pane. */
  reason: string;
}

const LONG_DURATION_MS = 8 * 60 * 60_000;

// One High-privilege rule for the cue tags, notification one-click and the Touch ID gate.
export { isHighPrivilege };

/** The approver's working hours (Settings.workingHours): days 0 = Sunday … 6, local "HH:MM". */
export interface WorkingHours {
  days: readonly number[];
  start: string;
  end: string;
}

/** ux.md's default: Monday to Friday, 08:00–18:00 local. */
export const DEFAULT_WORKING_HOURS: WorkingHours = { days: [1, 2, 3, 4, 5], start: '08:00', end: '18:00' };

/** What the cues read besides the item: the user's settings that shape them. */
export interface CueContext {
  workingHours?: WorkingHours | undefined;
  /** Group names that mean High privilege (Settings.highPrivilegeGroups), compared case-insensitively. */
  highPrivilegeGroups?: readonly string[] | undefined;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return (h ?? 0) * 60 + (m ?? 0);
};

/**
 * Whether a moment falls outside the approver's working hours, in their local time. The hours
 * belong to the day they start on: 22:00–06:00 on Monday covers Monday night to Tuesday 06:00.
 * Equal start and end mean the whole day.
 */
export function isOutsideWorkingHours(iso: string, hours: WorkingHours = DEFAULT_WORKING_HOURS): boolean {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return false;
  const at = d.getHours() * 60 + d.getMinutes();
  const start = minutesOf(hours.start);
  const end = minutesOf(hours.end);
  const day = d.getDay();
  if (start === end) return !hours.days.includes(day);
  if (start < end) return !(hours.days.includes(day) && at >= start && at < end);
  // Overnight: the evening part belongs to today, the early part to yesterday's hours.
  if (at >= start) return !hours.days.includes(day);
  if (at < end) return !hours.days.includes((day + 6) % 7);
  return true;
}

/** "Mon–Fri 08:00–18:00", for the cue's reason. */
export function workingHoursWords(hours: WorkingHours): string {
  const names = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
  const days = [...hours.days].sort((a, b) => a - b);
  const run = days.length > 2 && days.every((d, i) => i === 0 || d === (days[i - 1] ?? -2) + 1);
  const dayWords = days.length === 0 ? 'no days' : run ? `${names[days[0] ?? 0]}–${names[days.at(-1) ?? 0]}` : days.map((d) => names[d]).join(', ');
  return `${dayWords} ${hours.start}–${hours.end}`;
}

type CueInput = Pick<QueueItemDto, 'kind' | 'access' | 'role' | 'scope' | 'createdOn' | 'duration'> & { startsAt?: string | null };

function scopeCues(item: CueInput): Cue[] {
  switch (item.kind) {
    case 'entraRole':
      return isDirectoryWide(item.scope) ? [{ id: 'directory-wide', label: 'Directory-wide', reason: 'The role applies to the whole directory, not one administrative unit or app.' }] : [];
    case 'group':
      return item.access === 'owner'
        ? [{ id: 'group-owner', label: 'Can change members', reason: "An owner can change the group's members and settings, and so who gets what the group grants." }]
        : [];
    case 'azureResource': {
      const kind = scopeKind(item.scope.type);
      if (kind === 'subscription') return [{ id: 'subscription-wide', label: 'Subscription-wide', reason: 'The role applies to a whole subscription.' }];
      if (kind === 'management group' || kind === 'tenant') {
        return [{ id: 'management-group-wide', label: 'Management-group-wide', reason: 'The role applies to every subscription under a management group.' }];
      }
      return [];
    }
  }
}

export function cuesFor(item: CueInput, context: CueContext = {}): Cue[] {
  const cues: Cue[] = [];
  if (isHighPrivilege(item.role.displayName, item.scope.type, item.kind)) {
    const reason =
      item.kind === 'entraRole'
        ? `${item.role.displayName} can change who can sign in or what they can do in Entra ID.`
        : `${item.role.displayName} can grant access or change everything in scope.`;
    cues.push({ id: 'high-privilege', label: 'High privilege', reason });
  } else if (isHighPrivilegeGroup(item, context.highPrivilegeGroups)) {
    const reason = item.scope.roleAssignable
      ? 'The group can be assigned Entra ID roles: its members hold them.'
      : 'You named this group as high privilege in Settings.';
    cues.push({ id: 'high-privilege', label: 'High privilege', reason });
  }
  cues.push(...scopeCues(item));
  // When the access would begin: the requested start, or the request itself when it starts on approval.
  const hours = context.workingHours ?? DEFAULT_WORKING_HOURS;
  const start = item.startsAt ?? item.createdOn;
  if (isOutsideWorkingHours(start, hours)) {
    cues.push({ id: 'outside-hours', label: 'Outside working hours', reason: `Starts outside your working hours (${workingHoursWords(hours)}, your time).` });
  }
  const ms = durationMs(item.duration);
  if (ms !== null && ms > LONG_DURATION_MS) cues.push({ id: 'long-duration', label: 'Long duration', reason: 'Asks for more than 8 hours.' });
  return cues;
}

const CUE_CONTEXT_KEY = Symbol('cue-context');

/** App.svelte provides the settings that shape cues; every row, pane and dialog below reads the same. */
export function provideCueContext(context: () => CueContext): void {
  setContext(CUE_CONTEXT_KEY, context);
}

/** The provided context, or the defaults (ux.md's working hours, no named groups). Call during component init. */
export function cueContext(): () => CueContext {
  return getContext<(() => CueContext) | undefined>(CUE_CONTEXT_KEY) ?? (() => ({}));
}
