/**
 * "Discovered tenants": the tenants each signed-in account can reach through ARM's tenant
 * list that are not accounts yet (a guest tenant of the same person), offered in Settings ›
 * Accounts. One account's failed list never hides another's offers. Named by display name,
 * else default domain, else id (accounts.md).
 */
import type { TenantOffer } from '../model/state';
import type { ArmApi } from '../arm/types';

export interface TenantSource {
  accountId: string;
  api: Pick<ArmApi, 'listTenants'>;
}

export async function discoverTenants(sources: readonly TenantSource[], known: ReadonlySet<string>, signal?: AbortSignal): Promise<TenantOffer[]> {
  const lists = await Promise.all(sources.map(async (s) => ({ accountId: s.accountId, listed: s.api.listTenants ? await s.api.listTenants(signal) : null })));
  const offered = new Set<string>();
  const offers: TenantOffer[] = [];
  for (const { accountId, listed } of lists) {
    if (!listed?.ok) continue;
    for (const tenant of listed.value) {
      const id = tenant.tenantId.toLowerCase();
      if (known.has(id) || offered.has(id)) continue;
      offered.add(id);
      offers.push({ viaAccountId: accountId, tenantId: tenant.tenantId, name: tenant.displayName || tenant.defaultDomain || tenant.tenantId, defaultDomain: tenant.defaultDomain });
    }
  }
  return offers;
}
