/**
 * What kind of scope a role applies to, however ARM, Entra ID and groups spell it
 * ("subscription", "resourcegroup", "Microsoft.Resources/subscriptions", "directory").
 * Pure and dependency-free: the window's words and the privilege rule (privilege.ts)
 * read it, in the renderer and in main alike.
 */
export type ScopeKind = 'management group' | 'subscription' | 'resource group' | 'resource' | 'tenant' | 'directory' | 'group' | 'other';

export function scopeKind(type: string): ScopeKind {
  const t = (type.split('/').pop() ?? type).toLowerCase().replace(/[\s_-]/g, '');
  if (t === 'directory') return 'directory';
  if (t === 'group') return 'group';
  if (t === 'managementgroup' || t === 'managementgroups') return 'management group';
  if (t === 'subscription' || t === 'subscriptions') return 'subscription';
  if (t === 'resourcegroup' || t === 'resourcegroups') return 'resource group';
  if (t === 'tenant' || t === 'root') return 'tenant';
  if (t === 'resource' || t === 'resources') return 'resource';
  return 'other';
}
