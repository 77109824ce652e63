/**
 * ARM's list of the tenants the token's user can reach (home and guest):
 * GET {arm}/tenants?api-version=2022-12-01, paged by `nextLink` (followed on the ARM origin
 * only, core/net/paging.ts). Used to offer guest tenants as accounts. Pure parsing here.
 */
import { z } from 'zod';
import { parseError, type Parsed } from '../net/parse-result';

export const TENANTS_API_VERSION = '2022-12-01';

export interface ArmTenant {
  tenantId: string;
  /** Null where ARM leaves it out (a tenant the user cannot read the details of). */
  displayName: string | null;
  defaultDomain: string | null;
}

export function tenantsUrl(origin: string): string {
  return `${origin}/tenants?api-version=${TENANTS_API_VERSION}`;
}

const TenantJson = z.object({ tenantId: z.string().min(1).max(200), displayName: z.string().max(400).nullish(), defaultDomain: z.string().max(400).nullish() });

export function parseTenant(json: unknown): Parsed<ArmTenant> {
  const parsed = TenantJson.safeParse(json);
  if (!parsed.success) return parseError('tenant', parsed.error);
  const { tenantId, displayName, defaultDomain } = parsed.data;
  return { ok: true, value: { tenantId, displayName: displayName ?? null, defaultDomain: defaultDomain ?? null } };
}
