/**
 * Who a simulated tenant is as a directory (id, display name, domains), and its entry in ARM's
 * `GET /tenants` (api-version 2022-12-01, "Tenants - List": TenantIdDescription). No I/O.
 */
import { guidFromText } from './rng';

export interface DirectoryTenant {
  /** The tenant id: every token's `tid`. */
  id: string;
  displayName: string;
  /** The tenant's initial domain, e.g. contoso.onmicrosoft.com. */
  defaultDomain: string;
  /** Verified domains, the default one included. */
  domains: string[];
  countryCode: string;
}

/** Contoso, the simulator's default tenant; its id still comes from the seed (see simulator.ts). */
export const CONTOSO: Omit<DirectoryTenant, 'id'> = {
  displayName: 'Contoso',
  defaultDomain: 'contoso.onmicrosoft.com',
  domains: ['contoso.onmicrosoft.com', 'contoso.com'],
  countryCode: 'US',
};

/**
 * The directory a simulator serves: the start option wins over the scenario's `tenant`, which
 * wins over Contoso; the id, unless given, derives from the seed (stable across runs).
 */
export function resolveDirectoryTenant(seed: number, ...named: Array<Partial<DirectoryTenant> | undefined>): DirectoryTenant {
  const given: Partial<DirectoryTenant> = Object.assign({}, ...named.filter((n) => n !== undefined).reverse());
  const defaultDomain = given.defaultDomain ?? CONTOSO.defaultDomain;
  return {
    id: given.id ?? guidFromText(`pim-simulator-tenant-${seed}`),
    displayName: given.displayName ?? CONTOSO.displayName,
    defaultDomain,
    domains: given.domains ?? (given.defaultDomain ? [defaultDomain] : CONTOSO.domains),
    countryCode: given.countryCode ?? CONTOSO.countryCode,
  };
}

/**
 * One entry of `GET /tenants`, with the keys Microsoft's 2022-12-01 example shows. A tenant the
 * user reaches directly, as member or guest, is `Home`; `ProjectedBy`/`ManagedBy` are Azure
 * Lighthouse delegations, which the simulator does not model.
 */
export function tenantListingJson(t: DirectoryTenant): Record<string, unknown> {
  return {
    id: `/tenants/${t.id}`,
    tenantId: t.id,
    countryCode: t.countryCode,
    displayName: t.displayName,
    domains: [...t.domains],
    tenantCategory: 'Home',
    defaultDomain: t.defaultDomain,
    tenantType: 'AAD',
  };
}
