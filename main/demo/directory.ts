/**
 * Resolves the names a scenario or test uses (role names, scope keys, directory roles,
 * groups) into references, from the built-in catalogues plus the scenario's own tables.
 * Pure lookups.
 */
import { BUILTIN_ROLES, DEFAULT_SCOPES, type NamedRef } from './catalog';
import { BUILTIN_DIRECTORY_ROLES, DEFAULT_GROUPS } from './graph-catalog';
import { guidFromText } from './rng';

type GraphRef = { id: string; displayName: string };

export class Directory {
  constructor(
    private readonly roles: Record<string, NamedRef> = {},
    private readonly scopes: Record<string, NamedRef> = {},
    private readonly directoryRoles: Record<string, GraphRef> = {},
    private readonly groups: Record<string, GraphRef> = {},
  ) {}

  /** An Entra ID directory role by scenario key or display name; unknown names become custom roles with a stable GUID. */
  directoryRole(keyOrName: string): NamedRef {
    const own = this.directoryRoles[keyOrName];
    if (own) return { ...own, type: 'CustomRole' };
    const builtin = BUILTIN_DIRECTORY_ROLES[keyOrName.toLowerCase()];
    if (builtin) return { ...builtin, type: 'BuiltInRole' };
    return { id: guidFromText(`directoryRole:${keyOrName}`), displayName: keyOrName, type: 'CustomRole' };
  }

  /** A PIM-enabled group by key or display name; unknown names become groups with a stable GUID. */
  group(keyOrName: string): NamedRef {
    const lower = keyOrName.toLowerCase();
    const tables = [this.groups, DEFAULT_GROUPS];
    for (const table of tables) {
      const found = table[keyOrName] ?? Object.values(table).find((g) => g.displayName.toLowerCase() === lower);
      if (found) return { ...found, type: 'group' };
    }
    return { id: guidFromText(`group:${keyOrName}`), displayName: keyOrName, type: 'group' };
  }

  scope(keyOrId: string): NamedRef {
    const known = this.scopes[keyOrId] ?? DEFAULT_SCOPES[keyOrId];
    if (known) return { ...known };
    if (!keyOrId.startsWith('/')) throw new Error(`unknown scope '${keyOrId}' (use a catalogue key or a full scope id)`);
    const byId = [...Object.values(this.scopes), ...Object.values(DEFAULT_SCOPES)].find((s) => s.id.toLowerCase() === keyOrId.toLowerCase());
    if (byId) return { ...byId };
    const parts = keyOrId.split('/').filter(Boolean);
    const kind = (parts[parts.length - 2] ?? '').toLowerCase();
    const type = kind === 'subscriptions' ? 'subscription' : kind === 'resourcegroups' ? 'resourcegroup' : kind === 'managementgroups' ? 'managementgroup' : 'resource';
    return { id: keyOrId, displayName: parts[parts.length - 1] ?? keyOrId, type };
  }

  roleById(id: string): NamedRef | undefined {
    const found = Object.values(this.roles).find((r) => r.id.toLowerCase() === id.toLowerCase());
    return found ? { ...found } : undefined;
  }

  /** Role definition ids carry the subscription when the scope has one, as ARM returns them. */
  role(name: string, scope: NamedRef): NamedRef {
    const own = this.roles[name];
    if (own) return { ...own };
    const builtin = BUILTIN_ROLES[name.toLowerCase()];
    const guid = builtin?.guid ?? guidFromText(`role:${name}`);
    const sub = /^\/subscriptions\/[^/]+/i.exec(scope.id)?.[0] ?? '';
    return {
      id: `${sub}/providers/Microsoft.Authorization/roleDefinitions/${guid}`,
      displayName: builtin?.displayName ?? name,
      type: builtin ? 'BuiltInRole' : 'CustomRole',
    };
  }
}

/** Resolves a roleDefinitionId from a request body to a named role (built-in or the directory's own). */
export function roleFromId(directory: Directory, roleDefinitionId: string, scope: NamedRef): NamedRef {
  const guid = (roleDefinitionId.split('/').filter(Boolean).pop() ?? '').toLowerCase();
  const own = directory.roleById(roleDefinitionId);
  if (own) return own;
  const builtin = Object.values(BUILTIN_ROLES).find((r) => r.guid === guid);
  if (builtin) return directory.role(builtin.displayName, scope);
  return { id: roleDefinitionId, displayName: guid, type: 'CustomRole' };
}
