/**
 * How each kind of request is named, in one place for the window, the tray, notifications
 * and the CLI: "Owner on Prod-Payments", "Global Administrator (Entra ID)", "Member of
 * Finance Admins (group)". Pure and dependency-free: bundled into the renderer too.
 * Callers flatten or escape the names for their surface; nothing here interprets them.
 */
import type { ItemKind, KindStatus } from './state';

export const KIND_ORDER: readonly ItemKind[] = ['azureResource', 'entraRole', 'group'];

/** The kind in a few words: filter menus, tags, Settings, the outbox. */
export function kindLabel(kind: ItemKind): string {
  switch (kind) {
    case 'azureResource':
      return 'Azure resource';
    case 'entraRole':
      return 'Entra ID role';
    case 'group':
      return 'PIM for Groups';
  }
}

/** Several kinds in a few words, as a subject: "Entra ID roles and groups". */
export function kindsPhrase(kinds: readonly ItemKind[]): string {
  const plural = kinds.map((kind) => {
    switch (kind) {
      case 'azureResource':
        return 'Azure resource roles';
      case 'entraRole':
        return 'Entra ID roles';
      case 'group':
        return 'groups';
    }
  });
  return plural.length <= 1 ? (plural[0] ?? '') : `${plural.slice(0, -1).join(', ')} and ${plural.at(-1)}`;
}

/** The delegated Graph permission a kind needs (pim-api.md "Other PIM kinds"); null for ARM. */
export function kindPermission(kind: ItemKind): string | null {
  switch (kind) {
    case 'azureResource':
      return null;
    case 'entraRole':
      return 'RoleAssignmentSchedule.ReadWrite.Directory';
    case 'group':
      return 'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup';
  }
}

/**
 * What a kind's "High privilege" cue is judged by (the rules are in privilege.ts): the Azure
 * role and how wide its scope is, the Entra ID role, or the group itself — a group request
 * does not say what the group grants.
 */
export type PrivilegeBasis = 'azure role and scope' | 'entra role' | 'the group';

export function privilegeBasis(kind: ItemKind): PrivilegeBasis {
  switch (kind) {
    case 'azureResource':
      return 'azure role and scope';
    case 'entraRole':
      return 'entra role';
    case 'group':
      return 'the group';
  }
}

/** Whether the app reads a kind, in one word: "Active", "Off", "Checking…". */
export function kindStatusLabel(status: KindStatus['status']): string {
  switch (status) {
    case 'active':
      return 'Active';
    case 'off':
      return 'Off';
    case 'checking':
      return 'Checking…';
  }
}

/** One line per kind for plain-text surfaces (diagnostics, CLI): "Entra ID role: Off — <reason>". */
export function kindStatusLine(k: KindStatus): string {
  const reason = k.reason?.trim();
  return `${kindLabel(k.kind)}: ${kindStatusLabel(k.status)}${reason ? ` — ${reason}` : ''}`;
}

export interface NamedItem {
  kind: ItemKind;
  access?: 'member' | 'owner' | undefined;
  role: { displayName: string };
  /** `id` tells a directory-wide Entra ID role ("/") from one scoped to an administrative unit or app. */
  scope: { displayName: string; id?: string | undefined };
}

/** A piece of a headline: tenant text (a name someone typed, to isolate and flatten) or our own words. */
export interface HeadlinePart {
  text: string;
  tenant: boolean;
}

const ours = (text: string): HeadlinePart => ({ text, tenant: false });
const theirs = (text: string): HeadlinePart => ({ text, tenant: true });

/** True for an Entra ID role over the whole directory rather than an administrative unit or app. */
export function isDirectoryWide(scope: NamedItem['scope']): boolean {
  return scope.id === undefined ? scope.displayName === 'Directory' || scope.displayName === '' : scope.id === '/' || scope.id === '';
}

/**
 * The headline in pieces, so a surface that can isolate tenant text (the window's <bdi>,
 * a length budget for notifications) treats each name on its own. Joined, it is itemHeadline.
 */
export function itemHeadlineParts(item: NamedItem, fallbackRole = 'A role', fallbackScope?: string): HeadlinePart[] {
  const role = item.role.displayName || fallbackRole;
  switch (item.kind) {
    case 'azureResource': {
      // An Azure scope always has an id; a surface that asks for one (the CLI) names the scope by it, else by `fallbackScope`.
      const scope = item.scope.displayName || (fallbackScope === undefined ? '' : item.scope.id || fallbackScope);
      return scope ? [theirs(role), ours(' on '), theirs(scope)] : [theirs(role)];
    }
    case 'entraRole':
      // Scoped to an administrative unit or an app: say where, the directory is the default.
      return isDirectoryWide(item.scope) || !item.scope.displayName
        ? [theirs(role), ours(' (Entra ID)')]
        : [theirs(role), ours(' on '), theirs(item.scope.displayName), ours(' (Entra ID)')];
    case 'group': {
      // Role and scope both carry the group; an unknown access is not guessed at.
      const group = item.scope.displayName || item.role.displayName;
      const access = item.access === 'owner' ? 'Owner of ' : item.access === 'member' ? 'Member of ' : '';
      if (!group) return [ours(access ? `${access}an unnamed group` : 'An unnamed group')];
      return access ? [ours(access), theirs(group), ours(' (group)')] : [theirs(group), ours(' (group)')];
    }
  }
}

/**
 * The request's headline without its scope's type: "Owner on Prod-Payments",
 * "Global Administrator (Entra ID)", "Owner of Finance Admins (group)".
 */
export function itemHeadline(item: NamedItem, fallbackRole = 'A role', fallbackScope?: string): string {
  return itemHeadlineParts(item, fallbackRole, fallbackScope)
    .map((p) => p.text)
    .join('');
}

/**
 * ux.md "Several tenants": once more than one account is present (signed in or waiting to sign
 * in again), rows, the tray menu and notifications name each request's tenant; with one, the
 * tenant goes without saying. `accounts` absent (an older main) counts as none.
 */
export function namesTenants(accounts: readonly unknown[] | undefined): boolean {
  return (accounts?.length ?? 0) > 1;
}

/** The tenant as a request names it: its display name, else its id; '' when the item has none. */
export function tenantName(item: { tenant?: { id: string; name: string } | undefined }): string {
  return item.tenant ? item.tenant.name.trim() || item.tenant.id : '';
}
