/**
 * The simulator's HTTP front door, one per API it serves (ARM, Graph): a node:http server
 * on loopback that authenticates, throttles, injects faults and latency, logs, and hands
 * calls to its Surface (arm-surface.ts, graph-surface.ts) — and /_sim/ calls to the control
 * channel when given one. Owns sockets and timers so close() is prompt even with hung
 * calls. Holds no tenant rules and nothing specific to one API.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { CallLog, CallLogEntry } from './call-log';
import { pickFault } from './faults';
import { isLoopbackHostHeader } from '../core/net/loopback';
import { firstHeader, parseJson, readBody, sendJson } from './http-io';
import type { Knobs } from './knobs';
import type { Rng } from './rng';
import type { Reply, Surface } from './surface';
import { namedIdentity } from './tokens';

export interface ServerDeps {
  surface: Surface;
  log: CallLog;
  knobs: () => Knobs;
  now: () => number;
  /** Each listener draws faults from its own stream, so Graph calls do not shift ARM's fault sequence. */
  faultRng: Rng;
  /** Applies the 24-hour approval window before every call. */
  expire: (now: number) => void;
  /** The /_sim/ control channel; only the ARM listener serves it. */
  control?: (req: IncomingMessage, res: ServerResponse, url: URL, bodyText: string) => Promise<void>;
}

export interface SimServer {
  server: Server;
  close(): Promise<void>;
}

export function createSimServer(deps: ServerDeps): SimServer {
  const { surface } = deps;
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

  async function handleApi(req: IncomingMessage, res: ServerResponse, url: URL, bodyText: string | null): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const knobs = deps.knobs();
    const now = deps.now();
    const kind: CallLogEntry['kind'] = method === 'GET' || method === 'HEAD' ? 'read' : 'write';
    const query = Object.fromEntries(url.searchParams);
    const headers = surface.idHeaders(req);
    const named = namedIdentity(firstHeader(req.headers.authorization));
    const entry: Omit<CallLogEntry, 'seq' | 'status'> = {
      at: now,
      method,
      path: url.pathname,
      query,
      principal: null,
      tid: named?.tid ?? null,
      oid: named?.oid ?? null,
      kind,
      route: surface.routeName(method, url.pathname),
    };

    const answer = async (raw: Reply, fault?: CallLogEntry['fault']): Promise<void> => {
      const reply = surface.finish(raw, headers, now);
      deps.log.add({ ...entry, status: reply.status, ...logFacts(reply), ...(fault ? { fault } : {}) });
      await wait(knobs.latencyMs);
      sendJson(res, reply.status, reply.body, { ...headers, ...(reply.headers ?? {}) });
    };

    deps.expire(now);
    if (bodyText === null) return answer(surface.errors.tooLarge());

    const who = surface.authenticate(firstHeader(req.headers.authorization));
    if (!who.ok) return answer(surface.errors.unauthenticated(who.reason));
    const caller = who.caller;
    entry.principal = caller.key;

    const taken = surface.throttle(kind, now);
    if (!taken.ok) return answer(taken.reply, 'throttle');
    Object.assign(headers, taken.headers);

    const call = { method, pathname: url.pathname, query, kind, caller, knobs, now };
    const refused = surface.admit(call);
    if (refused) return answer(refused);

    const fault = pickFault(deps.faultRng, knobs.errorRate, kind === 'write');
    if (fault?.kind === 'error') return answer(surface.errors.fault(fault.status), 'error');
    // Narrowed here: errors answered above, so only drop and hang remain.
    const cut = (reply: Reply | null): void => {
      if (!fault) return;
      deps.log.add({ ...entry, status: 0, fault: fault.kind, ...(reply ? logFacts(reply) : {}) });
      // A hang keeps the socket open until the client gives up or close() destroys it.
      if (fault.kind === 'drop') req.socket.destroy();
    };
    if (fault && !fault.afterApply) return cut(null);

    const parsed = parseJson(bodyText);
    if (!parsed.ok) return answer(surface.errors.badJson());
    let reply: Reply;
    try {
      reply = surface.route({ ...call, body: parsed.value });
    } catch (err) {
      reply = surface.errors.internal(err instanceof Error ? err.message : String(err));
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
        if (deps.control && url.pathname.startsWith('/_sim/')) return await deps.control(req, res, url, body.ok ? body.text : '');
        await handleApi(req, res, url, body.ok ? body.text : null);
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

function logFacts(reply: Reply): Pick<CallLogEntry, 'stageId' | 'reviewResult'> {
  return { ...(reply.stageId ? { stageId: reply.stageId } : {}), ...(reply.reviewResult ? { reviewResult: reply.reviewResult } : {}) };
}
