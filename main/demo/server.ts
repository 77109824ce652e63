/**
 * The simulator's HTTP front door: one node:http server on loopback that authenticates,
 * throttles, injects faults and latency, logs, and hands ARM calls to routes/dispatch.ts
 * (and /_sim/ calls to the control channel). Owns sockets and timers so close() is prompt
 * even with hung calls. Holds no tenant rules.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { armError, type ArmReply } from './arm-errors';
import type { TokenBucket } from './buckets';
import type { CallLog, CallLogEntry } from './call-log';
import type { Directory } from './directory';
import { pickFault } from './faults';
import { isLoopbackHostHeader } from '../core/net/loopback';
import { firstHeader, parseJson, readBody, sendJson } from './http-io';
import type { Knobs } from './knobs';
import type { Rng } from './rng';
import { routeArm, routeName } from './routes/dispatch';
import type { Tenant } from './state';

export interface Caller {
  key: string;
  /** Token carries the MFA claim (passes requireClaimsOnWrite). */
  mfa: boolean;
}

export interface ServerDeps {
  tenant: Tenant;
  directory: Directory;
  log: CallLog;
  knobs: () => Knobs;
  now: () => number;
  buckets: () => { read: TokenBucket; write: TokenBucket };
  faultRng: Rng;
  idRng: Rng;
  callerForToken: (token: string) => Caller | undefined;
  defaultApprovers: string[];
  origin: () => string;
  control: (req: IncomingMessage, res: ServerResponse, url: URL, bodyText: string) => Promise<void>;
}

const AUTHORITY = 'https://login.microsoftonline.com/common/oauth2/authorize';
/** What ARM asks for when MFA is required: an access token whose acrs claim says p1. */
export const MFA_CLAIMS = Buffer.from(JSON.stringify({ access_token: { acrs: { essential: true, value: 'p1' } } })).toString('base64');

export interface SimServer {
  server: Server;
  close(): Promise<void>;
}

export function createSimServer(deps: ServerDeps): SimServer {
  const sockets = new Set<Socket>();
  const waits = new Set<{ timer: NodeJS.Timeout; resolve: () => void }>();
  let closing = false;

  const wait = (ms: number): Promise<void> =>
    ms <= 0
      ? Promise.resolve()
      : new Promise((resolve) => {
          const entry = { timer: setTimeout(() => (waits.delete(entry), resolve()), ms), resolve };
          waits.add(entry);
        });

  async function handleArm(req: IncomingMessage, res: ServerResponse, url: URL, bodyText: string | null): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const knobs = deps.knobs();
    const now = deps.now();
    const kind: CallLogEntry['kind'] = method === 'GET' || method === 'HEAD' ? 'read' : 'write';
    const query = Object.fromEntries(url.searchParams);
    const clientRequestId = firstHeader(req.headers['x-ms-client-request-id']);
    const headers: Record<string, string> = {
      'x-ms-request-id': randomUUID(),
      'x-ms-correlation-request-id': firstHeader(req.headers['x-ms-correlation-request-id']) ?? clientRequestId ?? randomUUID(),
      ...(clientRequestId ? { 'x-ms-client-request-id': clientRequestId } : {}),
    };
    const entry: Omit<CallLogEntry, 'seq' | 'status'> = { at: now, method, path: url.pathname, query, principal: null, kind, route: routeName(method, url.pathname) };

    const answer = async (reply: ArmReply, fault?: CallLogEntry['fault']): Promise<void> => {
      deps.log.add({ ...entry, status: reply.status, ...logFacts(reply), ...(fault ? { fault } : {}) });
      await wait(knobs.latencyMs);
      sendJson(res, reply.status, reply.body, { ...headers, ...(reply.headers ?? {}) });
    };

    deps.tenant.expire(now);
    if (bodyText === null) return answer(armError(413, 'RequestEntityTooLarge', 'The request body is too large.'));

    const auth = firstHeader(req.headers.authorization);
    const token = auth && /^Bearer\s+(\S+)$/i.exec(auth)?.[1];
    const caller = token ? deps.callerForToken(token) : undefined;
    if (!caller) {
      const description = auth ? 'The access token is invalid.' : "The authentication failed because of missing 'Authorization' header.";
      return answer(
        armError(401, 'InvalidAuthenticationToken', description, {
          'WWW-Authenticate': `Bearer authorization_uri="${AUTHORITY}", error="invalid_token", error_description="${description}"`,
        }),
      );
    }
    entry.principal = caller.key;

    const bucket = kind === 'read' ? deps.buckets().read : deps.buckets().write;
    const taken = bucket.take(now);
    if (!taken.ok) {
      return answer(
        armError(429, 'TooManyRequests', `The request is being throttled as the limit has been reached for operation type - ${kind === 'read' ? 'Read' : 'Write'}. For more information, see - https://aka.ms/armthrottling`, {
          'Retry-After': String(taken.retryAfterSeconds),
        }),
        'throttle',
      );
    }
    headers[kind === 'read' ? 'x-ms-ratelimit-remaining-tenant-reads' : 'x-ms-ratelimit-remaining-tenant-writes'] = String(taken.remaining);

    if (kind === 'write' && knobs.requireClaimsOnWrite && !caller.mfa) {
      return answer(
        armError(401, 'InsufficientClaims', 'The access token lacks the claims this operation requires (multi-factor authentication). Acquire a token with the claims from the WWW-Authenticate header.', {
          'WWW-Authenticate': `Bearer authorization_uri="${AUTHORITY}", error="insufficient_claims", claims="${MFA_CLAIMS}"`,
        }),
      );
    }

    const fault = pickFault(deps.faultRng, knobs.errorRate, kind === 'write');
    if (fault?.kind === 'error') {
      const reply =
        fault.status === 500
          ? armError(500, 'InternalServerError', 'Encountered internal server error. Diagnostic information: simulated fault.')
          : armError(503, 'ServiceUnavailable', 'The service is temporarily unavailable. Please retry the request.', { 'Retry-After': '1' });
      return answer(reply, 'error');
    }
    // Narrowed here: errors answered above, so only drop and hang remain.
    const cut = (reply: ArmReply | null): void => {
      if (!fault) return;
      deps.log.add({ ...entry, status: 0, fault: fault.kind, ...(reply ? logFacts(reply) : {}) });
      // A hang keeps the socket open until the client gives up or close() destroys it.
      if (fault.kind === 'drop') req.socket.destroy();
    };
    if (fault && !fault.afterApply) return cut(null);

    const parsed = parseJson(bodyText);
    if (!parsed.ok) return answer(armError(400, 'InvalidRequestContent', 'The request content was invalid and could not be deserialized.'));
    let reply: ArmReply;
    try {
      reply = routeArm(
        { tenant: deps.tenant, directory: deps.directory, knobs, now, origin: deps.origin(), rng: deps.idRng, defaultApprovers: deps.defaultApprovers, caller: caller.key },
        { method, pathname: url.pathname, query, body: parsed.value },
      );
    } catch (err) {
      reply = armError(500, 'InternalServerError', `Simulator error: ${err instanceof Error ? err.message : String(err)}`);
    }
    if (fault) return cut(reply);
    return answer(reply);
  }

  const server = createServer((req, res) => {
    void (async () => {
      try {
        // DNS rebinding: only loopback names in Host, though the server listens locally.
        if (!isLoopbackHostHeader(req.headers.host)) return sendJson(res, 421, { error: { code: 'MisdirectedRequest', message: 'Only loopback host names are served.' } });
        const url = new URL(req.url ?? '/', 'http://sim.invalid');
        const body = await readBody(req);
        if (closing) return;
        if (url.pathname.startsWith('/_sim/')) return await deps.control(req, res, url, body.ok ? body.text : '');
        await handleArm(req, res, url, body.ok ? body.text : null);
      } catch (err) {
        sendJson(res, 500, { error: { code: 'InternalServerError', message: err instanceof Error ? err.message : String(err) } });
      }
    })();
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });

  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        for (const w of waits) {
          clearTimeout(w.timer);
          w.resolve();
        }
        waits.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }),
  };
}

function logFacts(reply: ArmReply): Pick<CallLogEntry, 'stageId' | 'reviewResult'> {
  return { ...(reply.stageId ? { stageId: reply.stageId } : {}), ...(reply.reviewResult ? { reviewResult: reply.reviewResult } : {}) };
}
