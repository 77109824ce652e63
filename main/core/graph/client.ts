/**
 * createGraphClient: the GraphApi over Microsoft Graph's PIM endpoints (docs/graph-api.md)
 * on the shared HTTP layer (core/net): errors as values, retries for reads only, Retry-After,
 * the body cap, request ids kept, and `@odata.nextLink` followed only on the configured
 * Graph origin. Each kind asks for its own token (its own delegated permission), so a
 * missing consent fails that kind's calls and nothing else.
 */
import type { ApprovalStage, ArmResult } from '../net/types';
import { metered, type Send, type ServiceFacts } from '../net/http';
import { checkGraphEndpoint } from '../net/clouds';
import { listAllPages } from '../net/paging';
import { runDecision, type Written } from '../net/decide-flow';
import { objectIdFromToken } from '../net/token-identity';
import { defaultMaxPages, getOne, httpFor, type ClientTuning } from '../net/service-client';
import { systemClock } from '../clock';
import { parseGraphApproval, parseGraphPage, parseGraphRequest, parseGraphStage } from './parse';
import { z } from 'zod';
import { parseError, type Parsed } from '../net/parse-result';
import type { GraphApi, GraphKind } from './types';
import { approvalUrl, kindOfStagePath, pendingUrl, stageUrl } from './urls';

export const GRAPH_SERVICE: ServiceFacts = {
  name: 'Microsoft Graph',
  clientRequestIdHeader: 'client-request-id',
  requestIdHeader: 'request-id',
  correlationIdHeader: null,
};

export interface GraphClientOptions extends ClientTuning {
  /** Graph origin, e.g. https://graph.microsoft.com (http only on loopback). */
  endpoint: string;
  /** A token carrying the kind's delegated permission; throws when none can be had. */
  getToken: (kind: GraphKind) => Promise<string>;
}

export interface GraphClient extends GraphApi {
  readonly origin: string;
}

const MINE_PATH: Record<GraphKind, string> = {
  entraRole: "/v1.0/roleManagement/directory/roleAssignmentScheduleRequests/filterByCurrentUser(on='principal')",
  group: "/v1.0/identityGovernance/privilegedAccess/group/assignmentScheduleRequests/filterByCurrentUser(on='principal')",
};

/** docs/graph-api.md, "My own requests": every status, names expanded as in the approver list. */
function mineUrl(origin: string, kind: GraphKind): string {
  return `${origin}${MINE_PATH[kind]}?$expand=${kind === 'entraRole' ? 'principal,roleDefinition' : 'principal,group'}`;
}

const MeJson = z.object({ id: z.string().min(1) });

function parseMe(json: unknown): Parsed<{ id: string }> {
  const parsed = MeJson.safeParse(json);
  return parsed.success ? { ok: true, value: { id: parsed.data.id } } : parseError('signed-in user', parsed.error, GRAPH_SERVICE.name);
}

/** Throws only for a programmer mistake: an endpoint that fails the https/loopback rule. */
export function createGraphClient(options: GraphClientOptions): GraphClient {
  const checked = checkGraphEndpoint(options.endpoint);
  if (!checked.ok) throw new Error(checked.error);
  const origin = checked.origin;
  const sends = new Map<GraphKind, Send>();
  const sendFor = (kind: GraphKind): Send => {
    let send = sends.get(kind);
    if (!send) {
      send = httpFor(options, () => options.getToken(kind), GRAPH_SERVICE);
      sends.set(kind, send);
    }
    return send;
  };
  const maxPages = options.maxPages ?? defaultMaxPages;
  const clock = options.clock ?? systemClock;
  const memory = { form: 'patch' as const };
  const whoAmI =
    options.principalId ??
    (async () => {
      try {
        return objectIdFromToken(await options.getToken('entraRole'));
      } catch {
        return null;
      }
    });

  const stageReader =
    (via: (kind: GraphKind) => Send) =>
    async (path: string, signal?: AbortSignal): Promise<ArmResult<ApprovalStage>> => {
      const kind = kindOfStagePath(path);
      const url = stageUrl(origin, path);
      if (!kind || !url) return notOurs('approval stage');
      const approvalId = path.split('/').at(-3) ?? '';
      return getOne(via(kind), url, (json) => parseGraphStage(kind, approvalId, json), signal);
    };

  return {
    origin,
    listPending: (kind, signal, meter) =>
      listAllPages(metered(sendFor(kind), meter), origin, pendingUrl(origin, kind), (json) => parseGraphRequest(kind, json), maxPages, signal, {
        service: GRAPH_SERVICE.name,
        parsePage: parseGraphPage,
      }),
    getApproval: async (kind, approvalId, signal, meter) => {
      const url = approvalUrl(origin, kind, approvalId);
      if (!url) return notOurs('approval');
      return getOne(metered(sendFor(kind), meter), url, (json) => parseGraphApproval(kind, json), signal);
    },
    getStage: (path, signal, meter) => stageReader((kind) => metered(sendFor(kind), meter))(path, signal),
    listMine: (kind, signal, meter) =>
      listAllPages(metered(sendFor(kind), meter), origin, mineUrl(origin, kind), (json) => parseGraphRequest(kind, json), maxPages, signal, {
        service: GRAPH_SERVICE.name,
        parsePage: parseGraphPage,
      }),
    currentPrincipal: async (kind, signal) => {
      let fromToken: string | null;
      try {
        fromToken = objectIdFromToken(await options.getToken(kind));
      } catch {
        fromToken = null; // no token: the GET below says why, as every other call would
      }
      if (fromToken) return { ok: true, id: fromToken, from: 'token' };
      const me = await getOne(sendFor(kind), `${origin}/v1.0/me?$select=id`, parseMe, signal);
      return me.ok ? { ok: true, id: me.value.id, from: 'me' } : me;
    },
    decide: async (path, result, justification, signal, decideOptions) => {
      const kind = kindOfStagePath(path);
      const url = stageUrl(origin, path);
      if (!kind || !url) return notOurs('approval stage');
      // A token given for this decision carries all of its requests, and only this decision's.
      const token = decideOptions?.accessToken;
      const send = metered(token ? httpFor(options, async () => token, GRAPH_SERVICE) : sendFor(kind), decideOptions?.meter);
      const patch = async (_id: string, r: 'Approve' | 'Deny', j: string, s?: AbortSignal): Promise<Written> => {
        const reply = await send({ method: 'PATCH', url, body: { reviewResult: r, justification: j }, ...(s ? { signal: s } : {}) });
        return reply.ok ? { ok: true, value: { value: reply.value, meta: reply.meta } } : reply;
      };
      const flow = {
        service: GRAPH_SERVICE.name,
        getStage: stageReader(() => send),
        whoAmI,
        writers: [{ form: 'patch' as const, write: patch }],
        memory,
        sleep: clock.sleep.bind(clock),
        ...(options.confirmDelaysMs ? { confirmDelaysMs: options.confirmDelaysMs } : {}),
      };
      return runDecision(flow, path, result, justification, signal, decideOptions);
    },
  };
}

function notOurs(what: string): { ok: false; error: { kind: 'http'; message: string } } {
  return { ok: false, error: { kind: 'http', message: `That is not a Microsoft Graph ${what} id this app read.` } };
}
