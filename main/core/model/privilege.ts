/**
 * Which requests carry the "High privilege" cue: roles that can grant access or change
 * anything in scope. One rule for the window's cue tags, the notification actions (no
 * one-click for these) and the Touch ID gate before approving one. Pure and dependency-free:
 * bundled into the renderer too. Role names are compared case-insensitively.
 */
import type { ItemKind } from './state';
import { privilegeBasis } from './item-labels';
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

/** `kind` defaults to an Azure resource role, the one kind whose rule needs the scope's type. */
export function isHighPrivilege(role: string, scopeType: string, kind: ItemKind = 'azureResource'): boolean {
  const r = role.trim().toLowerCase().replace(/\s+/g, ' ');
  switch (privilegeBasis(kind)) {
    case 'entra role':
      return HIGH_PRIVILEGE_ENTRA_ROLES.includes(r);
    case 'the group':
      // A group's role is the group itself: what it grants is not visible here.
      return false;
    case 'azure role and scope': {
      if (HIGH_PRIVILEGE_ROLES.includes(r)) return true;
      const scope = scopeKind(scopeType);
      return BROAD_WRITE_ROLES.includes(r) && (scope === 'management group' || scope === 'tenant');
    }
  }
}

/**
 * PIM for Groups: what a group grants is not visible in the request, so High privilege comes
 * from the group itself — one that can hold Entra ID roles (Graph's isAssignableToRole), or
 * one the user named in Settings (case-insensitive, whole name).
 */
export function isHighPrivilegeGroup(item: { kind: ItemKind; scope: { displayName: string; roleAssignable?: boolean | undefined } }, namedGroups: readonly string[] = []): boolean {
  if (privilegeBasis(item.kind) !== 'the group') return false;
  if (item.scope.roleAssignable === true) return true;
  const name = item.scope.displayName.trim().toLowerCase();
  return name !== '' && namedGroups.some((n) => n.trim().toLowerCase() === name);
}

/** The same rules over a queue item (QueueItemDto and QueueItem fit); `namedGroups` from Settings.highPrivilegeGroups. */
export function itemIsHighPrivilege(
  item: { kind: ItemKind; role: { displayName: string }; scope: { type: string; displayName: string; roleAssignable?: boolean | undefined } },
  namedGroups: readonly string[] = [],
): boolean {
  return isHighPrivilege(item.role.displayName, item.scope.type, item.kind) || isHighPrivilegeGroup(item, namedGroups);
}
