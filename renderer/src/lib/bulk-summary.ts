/**
 * What a bulk decision sums up before it is confirmed: "12 requests · 3 High privilege:
 * 2 Owner, 1 User Access Administrator", and whether the user must tick "I have checked
 * these 12 requests" first. Pure.
 */
import type { QueueItemDto } from '../../../preload/api';
import { cuesFor, type CueContext } from './cues';

/** Above this many requests a bulk decision needs the explicit tick even without high privilege. */
export const EXPLICIT_CHECK_ABOVE = 20;

type Summed = Pick<QueueItemDto, 'kind' | 'access' | 'role' | 'scope' | 'createdOn' | 'duration' | 'tenant'>;

/** The user's settings that make a request High privilege (named groups); none by default. */
type Ctx = CueContext;

export function isHighPrivilegeItem(item: Summed, context: Ctx = {}): boolean {
  return cuesFor(item, context).some((c) => c.id === 'high-privilege');
}

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** High-privilege requests per role, most first: [["Owner", 2], ["User Access Administrator", 1]]. */
export function highPrivilegeRoles(items: readonly Summed[], context: Ctx = {}): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const item of items) if (isHighPrivilegeItem(item, context)) counts.set(item.role.displayName, (counts.get(item.role.displayName) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/**
 * "in 2 tenants (Contoso 7, Fabrikam 5)" when the requests span more than one tenant, most
 * first; '' otherwise. One decision across directories deserves saying before it is confirmed.
 */
export function tenantSpread(items: readonly Summed[]): string {
  const counts = new Map<string, { name: string; n: number }>();
  for (const item of items) {
    if (!item.tenant) continue;
    const seen = counts.get(item.tenant.id);
    if (seen) seen.n += 1;
    else counts.set(item.tenant.id, { name: item.tenant.name.trim() || item.tenant.id, n: 1 });
  }
  if (counts.size < 2) return '';
  const parts = [...counts.values()].sort((a, b) => b.n - a.n || a.name.localeCompare(b.name)).map((t) => `${t.name} ${t.n.toLocaleString('en-US')}`);
  return `in ${counts.size} tenants (${parts.join(', ')})`;
}

/**
 * "12 requests · 3 High privilege: 2 Owner, 1 User Access Administrator"; "2 requests" when none
 * is; "12 requests in 2 tenants (Contoso 7, Fabrikam 5) · …" when they span tenants.
 */
export function bulkSummary(items: readonly Summed[], context: Ctx = {}): string {
  const roles = highPrivilegeRoles(items, context);
  const high = roles.reduce((sum, [, n]) => sum + n, 0);
  const spread = tenantSpread(items);
  const head = spread ? `${plural(items.length, 'request')} ${spread}` : plural(items.length, 'request');
  if (high === 0) return head;
  return `${head} · ${high.toLocaleString('en-US')} High privilege: ${roles.map(([role, n]) => `${n.toLocaleString('en-US')} ${role}`).join(', ')}`;
}

/** High privilege in it, or more than EXPLICIT_CHECK_ABOVE requests: the user ticks before the button works. */
export function needsExplicitCheck(items: readonly Summed[], context: Ctx = {}): boolean {
  return items.length > EXPLICIT_CHECK_ABOVE || items.some((i) => isHighPrivilegeItem(i, context));
}

/** The tick's words, naming the count: "I have checked these 12 requests". */
export function checkLabel(count: number): string {
  return count === 1 ? 'I have checked this request' : `I have checked these ${count.toLocaleString('en-US')} requests`;
}
