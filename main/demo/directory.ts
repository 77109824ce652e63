/**
 * Resolves the names a scenario or test uses (role names, scope keys) into ARM references,
 * from the built-in catalogue plus the scenario's own tables. Pure lookups.
 */
import { BUILTIN_ROLES, DEFAULT_SCOPES, type NamedRef } from './catalog';
import { guidFromText } from './rng';

export class Directory {
  constructor(
    private readonly roles: Record<string, NamedRef> = {},
    private readonly scopes: Record<string, NamedRef> = {},
  ) {}

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
