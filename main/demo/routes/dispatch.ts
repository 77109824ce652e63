/**
 * Routes one authenticated ARM call to its handler after the checks every ARM route
 * shares (known route, method, api-version). Used by the server and by batch items.
 */
import { armError, type ArmReply } from '../arm-errors';
import { decideStage, getApproval, getStage, listApprovals, listStages } from './approvals';
import { batch } from './batch';
import type { ArmCall, ArmContext } from './context';
import { matchRoute, type RouteName } from './match';
import { listTenants } from './tenants';
import { cancelScheduleRequest, getScheduleRequest, listScheduleRequests, putScheduleRequest, validateScheduleRequest } from './schedule-requests';

export interface RawCall {
  method: string;
  pathname: string;
  query: Record<string, string>;
  body: unknown;
}

const HANDLERS: Record<RouteName, (ctx: ArmContext, call: ArmCall) => ArmReply> = {
  listScheduleRequests,
  getScheduleRequest,
  putScheduleRequest,
  cancelScheduleRequest,
  validateScheduleRequest,
  listApprovals,
  getApproval,
  listStages,
  getStage,
  putStage: decideStage,
  patchStage: decideStage,
  batch: (ctx, call) => batch(ctx, call, routeArm),
  listTenants,
};

/** The route name for the call log, without running anything. */
export function routeName(method: string, pathname: string): string {
  const m = matchRoute(method, pathname);
  return m.ok ? m.route.name : 'unknown';
}

export function routeArm(ctx: ArmContext, raw: RawCall): ArmReply {
  const m = matchRoute(raw.method, raw.pathname);
  if (!m.ok) {
    return m.status === 405
      ? armError(405, 'MethodNotAllowed', `The requested resource does not support http method '${raw.method}'.`)
      : armError(404, 'InvalidResourceType', `The resource type could not be found for path '${raw.pathname}'.`);
  }
  const version = raw.query['api-version'];
  if (version === undefined || version === '') {
    return armError(400, 'MissingApiVersionParameter', "The api-version query parameter (?api-version=) is required for all requests.");
  }
  if (!m.route.apiVersions.includes(version)) {
    return armError(400, 'InvalidApiVersionParameter', `The api-version '${version}' is invalid. The supported versions are '${m.route.apiVersions.join(',')}'.`);
  }
  return HANDLERS[m.route.name](ctx, { ...raw, route: m.route });
}
