/**
 * Cues worth a second look (ux.md): small labelled tags beside the role. Pure: the item and
 * the local time zone (through Date) are all it reads. Never decides anything for the user.
 */
import type { QueueItemDto } from '../../../preload/api';
import { isDirectoryWide } from '../../../preload/item-labels';
import { isHighPrivilege } from '../../../preload/privilege';
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

/** Weekend, or before 08:00 / from 18:00, in the approver's local time. */
export function isOutsideWorkingHours(iso: string): boolean {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return false;
  const day = d.getDay();
  const hour = d.getHours();
  return day === 0 || day === 6 || hour < 8 || hour >= 18;
}

type CueInput = Pick<QueueItemDto, 'kind' | 'access' | 'role' | 'scope' | 'createdOn' | 'duration'>;

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

export function cuesFor(item: CueInput): Cue[] {
  const cues: Cue[] = [];
  if (isHighPrivilege(item.role.displayName, item.scope.type, item.kind)) {
    const reason =
      item.kind === 'entraRole'
        ? `${item.role.displayName} can change who can sign in or what they can do in Entra ID.`
        : `${item.role.displayName} can grant access or change everything in scope.`;
    cues.push({ id: 'high-privilege', label: 'High privilege', reason });
  }
  cues.push(...scopeCues(item));
  if (isOutsideWorkingHours(item.createdOn)) {
    cues.push({ id: 'outside-hours', label: 'Outside working hours', reason: 'Requested on a weekend or outside 08:00–18:00 your time.' });
  }
  const ms = durationMs(item.duration);
  if (ms !== null && ms > LONG_DURATION_MS) cues.push({ id: 'long-duration', label: 'Long duration', reason: 'Asks for more than 8 hours.' });
  return cues;
}
