/**
 * Which requests carry the "High privilege" cue: roles that can grant access or change
 * anything in scope. One rule for the window's cue tags, the notification actions (no
 * one-click for these) and the Touch ID gate before approving one. Pure and dependency-free:
 * bundled into the renderer too. Role names are compared case-insensitively.
 */
import type { ItemKind } from './api';
import { scopeKind } from './scope-kind';

/** Azure roles that can grant access or change anything in scope. */
const HIGH_PRIVILEGE_ROLES = ['owner', 'user access administrator', 'role based access control administrator'];
/** Broad write roles that become high privilege when granted across a management group. */
const BROAD_WRITE_ROLES = ['contributor'];
/**
 * Entra ID roles that can take over accounts, grant roles or consent, or change how people
 * sign in — most of what Microsoft marks "privileged".
 */
const HIGH_PRIVILEGE_ENTRA_ROLES = [
  'global administrator',
  'privileged role administrator',
  'privileged authentication administrator',
  'security administrator',
  'application administrator',
  'cloud application administrator',
  'exchange administrator',
  'sharepoint administrator',
  'intune administrator',
  'user administrator',
  'conditional access administrator',
  'authentication administrator',
  'authentication policy administrator',
  'hybrid identity administrator',
  'domain name administrator',
  'external identity provider administrator',
  'helpdesk administrator',
  'password administrator',
  'directory writers',
  'partner tier2 support',
];

export function isHighPrivilege(role: string, scopeType: string, kind: ItemKind = 'azureResource'): boolean {
  const r = role.trim().toLowerCase().replace(/\s+/g, ' ');
  switch (kind) {
    case 'entraRole':
      return HIGH_PRIVILEGE_ENTRA_ROLES.includes(r);
    case 'group':
      // A group's role is the group itself: what it grants is not visible here.
      return false;
    case 'azureResource': {
      if (HIGH_PRIVILEGE_ROLES.includes(r)) return true;
      const scope = scopeKind(scopeType);
      return BROAD_WRITE_ROLES.includes(r) && (scope === 'management group' || scope === 'tenant');
    }
  }
}

/** The same rule over a queue item (QueueItemDto and QueueItem fit). */
export function itemIsHighPrivilege(item: { kind: ItemKind; role: { displayName: string }; scope: { type: string } }): boolean {
  return isHighPrivilege(item.role.displayName, item.scope.type, item.kind);
}
