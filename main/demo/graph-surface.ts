/**
 * Microsoft Graph as the shared pipeline serves it: Graph's tokens (ARM tokens get 401),
 * request-id/client-request-id headers, error bodies with innerError, one token bucket for
 * reads and writes, per-kind consent (403 PermissionScopeNotGranted), and the Graph routes.
 * ARM-only knobs (requireClaimsOnWrite, patchAnswers, flatBodyOnly, lateDecisionStatus,
 * read/writeBucket) do not apply here. Holds no tenant rules.
 */
import { randomUUID } from 'node:crypto';
import type { TokenBucket } from './buckets';
import { graphError, withInnerError } from './graph-errors';
import { firstHeader } from './http-io';
import type { GraphKind } from './routes/graph-context';
import { routeGraph, graphRouteName } from './routes/graph-dispatch';
import { graphKindOf } from './routes/graph-match';
import type { Tenant } from './state';
import type { Surface } from './surface';
import type { TokenRegistry } from './tokens';

/** The delegated permission each kind needs (docs/graph-api.md). */
export const GRAPH_PERMISSION: Record<GraphKind, string> = {
  entraRole: 'RoleAssignmentSchedule.ReadWrite.Directory',
  group: 'PrivilegedAssignmentSchedule.ReadWrite.AzureADGroup',
};

const CHALLENGE = {
  'WWW-Authenticate': 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000"',
};

export interface GraphSurfaceDeps {
  tenant: Tenant;
  tokens: TokenRegistry;
  bucket: () => TokenBucket;
  /** The Graph listener's own origin. */
  origin: () => string;
}

export function createGraphSurface(deps: GraphSurfaceDeps): Surface {
  return {
    routeName: graphRouteName,
    idHeaders(req) {
      const requestId = randomUUID();
      // Graph clients send client-request-id; an ARM-minded client sends x-ms-client-request-id. Echo either.
      const clientRequestId = firstHeader(req.headers['client-request-id']) ?? firstHeader(req.headers['x-ms-client-request-id']) ?? requestId;
      return { 'request-id': requestId, 'client-request-id': clientRequestId };
    },
    authenticate: (authorization) => deps.tokens.check(authorization, 'graph'),
    errors: {
      unauthenticated(reason) {
        const message =
          reason === 'missing' ? 'Access token is empty.' : reason === 'otherAudience' ? 'Access token validation failure. Invalid audience.' : 'Access token validation failure.';
        return graphError(401, 'InvalidAuthenticationToken', message, CHALLENGE);
      },
      tooLarge: () => graphError(413, 'RequestEntityTooLarge', 'The request body is too large.'),
      fault: (status) =>
        status === 500
          ? graphError(500, 'InternalServerError', 'The service encountered an internal error (simulated fault).')
          : graphError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry the request.', { 'Retry-After': '1' }),
      badJson: () => graphError(400, 'BadRequest', 'Unable to read JSON request payload. Please ensure Content-Type header is set and payload is of valid JSON format.'),
      internal: (message) => graphError(500, 'InternalServerError', `Simulator error: ${message}`),
    },
    throttle(_kind, now) {
      const taken = deps.bucket().take(now);
      if (taken.ok) return { ok: true, headers: {} };
      return { ok: false, reply: graphError(429, 'TooManyRequests', 'Too many requests. Retry after the number of seconds in Retry-After.', { 'Retry-After': String(taken.retryAfterSeconds) }) };
    },
    admit(call) {
      const kind = graphKindOf(call.pathname);
      if (!kind || call.knobs.graphConsent[kind]) return null;
      return graphError(403, 'PermissionScopeNotGranted', `Authorization failed due to missing permission scope ${GRAPH_PERMISSION[kind]}.`);
    },
    route: (call) =>
      routeGraph(
        { tenant: deps.tenant, knobs: call.knobs, now: call.now, origin: deps.origin(), linkOrigin: call.knobs.nextLinkOrigin ?? deps.origin(), caller: call.caller.key },
        { method: call.method, pathname: call.pathname, query: call.query, body: call.body },
      ),
    finish: withInnerError,
  };
}
