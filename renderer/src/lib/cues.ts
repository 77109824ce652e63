/**
 * Cues worth a second look (ux.md): small labelled tags beside the role. Pure: the item and
 * the local time zone (through Date) are all it reads. Never decides anything for the user.
 */
import type { QueueItemDto } from '../../../preload/api';
import { durationMs, scopeKind } from './format';

export type CueId = 'high-privilege' | 'subscription-wide' | 'management-group-wide' | 'outside-hours' | 'long-duration';

export interface Cue {
  id: CueId;
  label: string;
  /** Why the tag is there, for its hover and the detail pane. */
  reason: string;
}

/** Roles that can grant access or change anything in scope. Compared case-insensitively. */
const HIGH_PRIVILEGE_ROLES = ['owner', 'user access administrator', 'role based access control administrator'];
/** Broad write roles that become high privilege when granted across a management group. */
const BROAD_WRITE_ROLES = ['contributor'];
const LONG_DURATION_MS = 8 * 60 * 60_000;

export function isHighPrivilege(role: string, scopeType: string): boolean {
  const r = role.trim().toLowerCase();
  if (HIGH_PRIVILEGE_ROLES.includes(r)) return true;
  return BROAD_WRITE_ROLES.includes(r) && (scopeKind(scopeType) === 'management group' || scopeKind(scopeType) === 'tenant');
}

/** Weekend, or before 08:00 / from 18:00, in the approver's local time. */
export function isOutsideWorkingHours(iso: string): boolean {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return false;
  const day = d.getDay();
  const hour = d.getHours();
  return day === 0 || day === 6 || hour < 8 || hour >= 18;
}

type CueInput = Pick<QueueItemDto, 'role' | 'scope' | 'createdOn' | 'duration'>;

export function cuesFor(item: CueInput): Cue[] {
  const cues: Cue[] = [];
  if (isHighPrivilege(item.role.displayName, item.scope.type)) {
    cues.push({ id: 'high-privilege', label: 'High privilege', reason: `${item.role.displayName} can grant access or change everything in scope.` });
  }
  const kind = scopeKind(item.scope.type);
  if (kind === 'subscription') cues.push({ id: 'subscription-wide', label: 'Subscription-wide', reason: 'The role applies to a whole subscription.' });
  if (kind === 'management group' || kind === 'tenant') {
    cues.push({ id: 'management-group-wide', label: 'Management-group-wide', reason: 'The role applies to every subscription under a management group.' });
  }
  if (isOutsideWorkingHours(item.createdOn)) {
    cues.push({ id: 'outside-hours', label: 'Outside working hours', reason: 'Requested on a weekend or outside 08:00–18:00 your time.' });
  }
  const ms = durationMs(item.duration);
  if (ms !== null && ms > LONG_DURATION_MS) cues.push({ id: 'long-duration', label: 'Long duration', reason: 'Asks for more than 8 hours.' });
  return cues;
}
