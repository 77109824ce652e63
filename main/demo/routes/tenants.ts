/**
 * ARM's `GET /tenants` (api-version 2022-12-01): the directories the caller's account is in,
 * whichever tenant issued the token, paged through nextLink like the other ARM lists (the
 * pageSize knob).
 */
import type { ArmReply } from '../arm-errors';
import { tenantListingJson } from '../directory-tenant';
import type { ArmCall, ArmContext } from './context';
import { page } from './list-query';

export function listTenants(ctx: ArmContext, call: ArmCall): ArmReply {
  const result = page(ctx.tenantsOf(ctx.caller), call.query, ctx.origin, call.pathname, ctx.knobs.pageSize);
  if (!result.ok) return result.reply;
  return { status: 200, body: { ...result.value, value: result.value.value.map(tenantListingJson) } };
}
