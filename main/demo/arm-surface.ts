/**
 * ARM as the shared pipeline serves it: ARM's tokens and error envelope, x-ms-* ids,
 * separate read and write buckets with remaining-count headers, the MFA claims challenge on
 * writes, and routes/dispatch.ts. Holds no tenant rules.
 */
import { randomUUID } from 'node:crypto';
import { armError } from './arm-errors';
import type { TokenBucket } from './buckets';
import type { Directory } from './directory';
import type { DirectoryTenant } from './directory-tenant';
import { firstHeader } from './http-io';
import type { Rng } from './rng';
import { routeArm, routeName } from './routes/dispatch';
import type { Tenant } from './state';
import type { Surface } from './surface';
import type { TokenRegistry } from './tokens';

const AUTHORITY = 'https://login.microsoftonline.com/common/oauth2/authorize';
/** What ARM asks for when MFA is required: an access token whose acrs claim says p1. */
export const MFA_CLAIMS = Buffer.from(JSON.stringify({ access_token: { acrs: { essential: true, value: 'p1' } } })).toString('base64');

export interface ArmSurfaceDeps {
  tenant: Tenant;
  directory: Directory;
  tokens: TokenRegistry;
  buckets: () => { read: TokenBucket; write: TokenBucket };
  idRng: Rng;
  defaultApprovers: string[];
  /** The ARM listener's own origin, for nextLinks. */
  origin: () => string;
  /** GET /tenants: the directories a principal (by key) is in. */
  tenantsOf: (principalKey: string) => DirectoryTenant[];
}

const challenge = (description: string): Record<string, string> => ({
  'WWW-Authenticate': `Bearer authorization_uri="${AUTHORITY}", error="invalid_token", error_description="${description}"`,
});

export function createArmSurface(deps: ArmSurfaceDeps): Surface {
  return {
    routeName,
    idHeaders(req) {
      const clientRequestId = firstHeader(req.headers['x-ms-client-request-id']);
      return {
        'x-ms-request-id': randomUUID(),
        'x-ms-correlation-request-id': firstHeader(req.headers['x-ms-correlation-request-id']) ?? clientRequestId ?? randomUUID(),
        ...(clientRequestId ? { 'x-ms-client-request-id': clientRequestId } : {}),
      };
    },
    authenticate: (authorization) => deps.tokens.check(authorization, 'arm'),
    errors: {
      unauthenticated(reason) {
        const description =
          reason === 'missing'
            ? "The authentication failed because of missing 'Authorization' header."
            : reason === 'otherAudience'
              ? "The access token has been obtained for wrong audience or resource 'https://graph.microsoft.com'. It should exactly match with one of the allowed audiences 'https://management.core.windows.net/','https://management.azure.com/'."
              : 'The access token is invalid.';
        return armError(401, 'InvalidAuthenticationToken', description, challenge(description));
      },
      tooLarge: () => armError(413, 'RequestEntityTooLarge', 'The request body is too large.'),
      fault: (status) =>
        status === 500
          ? armError(500, 'InternalServerError', 'Encountered internal server error. Diagnostic information: simulated fault.')
          : armError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry the request.', { 'Retry-After': '1' }),
      badJson: () => armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.'),
      internal: (message) => armError(500, 'InternalServerError', `Simulator error: ${message}`),
    },
    throttle(kind, now) {
      const taken = (kind === 'read' ? deps.buckets().read : deps.buckets().write).take(now);
      if (taken.ok) return { ok: true, headers: { [kind === 'read' ? 'x-ms-ratelimit-remaining-tenant-reads' : 'x-ms-ratelimit-remaining-tenant-writes']: String(taken.remaining) } };
      return {
        ok: false,
        reply: armError(429, 'TooManyRequests', `The request is being throttled as the limit has been reached for operation type - ${kind === 'read' ? 'Read' : 'Write'}. For more information, see - https://aka.ms/armthrottling`, {
          'Retry-After': String(taken.retryAfterSeconds),
        }),
      };
    },
    admit(call) {
      if (call.kind !== 'write' || !call.knobs.requireClaimsOnWrite || call.caller.mfa) return null;
      return armError(401, 'InsufficientClaims', 'The access token lacks the claims this operation requires (multi-factor authentication). Acquire a token with the claims from the WWW-Authenticate header.', {
        'WWW-Authenticate': `Bearer authorization_uri="${AUTHORITY}", error="insufficient_claims", claims="${MFA_CLAIMS}"`,
      });
    },
    route: (call) =>
      routeArm(
        {
          tenant: deps.tenant,
          directory: deps.directory,
          knobs: call.knobs,
          now: call.now,
          origin: call.knobs.nextLinkOrigin ?? deps.origin(),
          rng: deps.idRng,
          defaultApprovers: deps.defaultApprovers,
          caller: call.caller.key,
          tenantsOf: deps.tenantsOf,
        },
        { method: call.method, pathname: call.pathname, query: call.query, body: call.body },
      ),
    finish: (reply) => reply,
  };
}
