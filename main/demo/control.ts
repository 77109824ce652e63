/**
 * The test-only control channel under /_sim/, for callers in another process (CLI users,
 * Playwright). Every call needs the `x-sim-secret` header; without it the answer is 403
 * and nothing happens. Control calls never enter the ARM call log.
 *
 * In the demo world (demo-world.ts) one channel reaches every tenant: a `tenant` (id or
 * display name, any case) in the query string or the JSON body picks it; without one, the
 * channel's own tenant answers.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { firstHeader, parseJson, sendJson } from './http-io';
import type { KnobPatch, Knobs } from './knobs';
import type { SimControl } from './sim-control';

/** One tenant as the channel drives it. */
export interface ControlTarget {
  tenantId: string;
  tenantName: string;
  sim: SimControl;
  knobs: () => Knobs;
  /** URLs, ARM and Graph tokens and principals, for a harness in another process. */
  identities: () => Record<string, unknown>;
}

export interface ControlDeps extends ControlTarget {
  secret: string;
  /** Every tenant of the world, this one included; absent for a lone simulator. */
  world?: () => readonly ControlTarget[];
}

/** The tenant a call names, or null when it names one the world does not have. */
function pickTarget(deps: ControlDeps, named: string | undefined): ControlTarget | null {
  if (named === undefined) return deps;
  const wanted = named.toLowerCase();
  const all = deps.world?.() ?? [deps];
  return all.find((t) => t.tenantId.toLowerCase() === wanted || t.tenantName.toLowerCase() === wanted) ?? null;
}

/** Takes `tenant` out of a JSON object body, so the actions' strict schemas see only their own fields. */
function splitTenant(body: unknown): { tenant: string | undefined; rest: unknown } {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || !('tenant' in body)) return { tenant: undefined, rest: body };
  const { tenant, ...rest } = body as Record<string, unknown>;
  return { tenant: typeof tenant === 'string' ? tenant : String(tenant), rest };
}

const Bucket = z.object({ burst: z.number(), perSecond: z.number() }).partial();
const KnobsPatch = z
  .object({
    latencyMs: z.number(),
    errorRate: z.number(),
    readBucket: Bucket,
    writeBucket: Bucket,
    patchAnswers: z.union([z.literal(200), z.literal(204)]),
    flatBodyOnly: z.boolean(),
    lateDecisionStatus: z.union([z.literal(409), z.literal(400)]),
    requireClaimsOnWrite: z.boolean(),
    pageSize: z.number(),
    graphBucket: Bucket,
    graphConsent: z.object({ entraRole: z.boolean(), group: z.boolean() }).partial().strict(),
    nextLinkOrigin: z.string().nullable(),
  })
  .partial()
  .strict();
const Advance = z.object({ ms: z.number().min(0) });
const Create = z
  .object({
    kind: z.enum(['azureResource', 'entraRole', 'group']),
    access: z.enum(['member', 'owner']),
    group: z.string(),
    requester: z.string(),
    approvers: z.array(z.string()),
    role: z.string(),
    scope: z.string(),
    justification: z.string(),
    requestType: z.string(),
    createdOn: z.string(),
    startOn: z.string(),
    duration: z.string(),
    ticketNumber: z.string(),
    ticketSystem: z.string(),
    stages: z.number().int().min(1),
  })
  .partial()
  .strict();
const Revoke = z.object({ principal: z.string() }).strict();
const Decide = z.object({ principal: z.string(), stageId: z.string(), result: z.enum(['Approve', 'Deny']), justification: z.string().optional() });

function secretMatches(given: string | undefined, secret: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(secret);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function createControlHandler(deps: ControlDeps) {
  return async (req: IncomingMessage, res: ServerResponse, url: URL, bodyText: string): Promise<void> => {
    if (!secretMatches(firstHeader(req.headers['x-sim-secret']), deps.secret)) {
      return sendJson(res, 403, { error: { code: 'Forbidden', message: 'The x-sim-secret header is missing or wrong.' } });
    }
    const parsed = parseJson(bodyText);
    if (!parsed.ok) return sendJson(res, 400, { error: { code: 'InvalidJson', message: 'The body is not valid JSON.' } });
    const split = splitTenant(parsed.value ?? {});
    const body = split.rest;
    const named = url.searchParams.get('tenant') ?? split.tenant;
    const target = pickTarget(deps, named);
    if (!target) return sendJson(res, 404, { error: { code: 'UnknownTenant', message: `No tenant '${named ?? ''}' in this demo world.` } });
    const method = (req.method ?? 'GET').toUpperCase();
    const op = `${method} ${url.pathname.replace(/\/+$/, '')}`;
    const { sim } = target;
    try {
      if (op === 'POST /_sim/advance') {
        await sim.advance(Advance.parse(body).ms);
        return sendJson(res, 200, { ok: true });
      }
      if (op === 'POST /_sim/expire') {
        sim.expireNow();
        return sendJson(res, 200, { ok: true });
      }
      if (op === 'POST /_sim/requests') return sendJson(res, 201, sim.createRequest(Create.parse(body)));
      if (op === 'POST /_sim/decide') {
        const d = Decide.parse(body);
        sim.decideAs(d.principal, d.stageId, d.result, d.justification);
        return sendJson(res, 200, { ok: true });
      }
      if (op === 'POST /_sim/revoke') {
        sim.revokeTokens(Revoke.parse(body).principal);
        return sendJson(res, 200, { ok: true });
      }
      if (op === 'GET /_sim/log') return sendJson(res, 200, sim.callLog());
      if (op === 'POST /_sim/clear-log') {
        sim.clearLog();
        return sendJson(res, 200, { ok: true });
      }
      if (op === 'GET /_sim/knobs') return sendJson(res, 200, target.knobs());
      if (op === 'POST /_sim/knobs') {
        sim.setKnobs(KnobsPatch.parse(body) satisfies KnobPatch);
        return sendJson(res, 200, target.knobs());
      }
      if (op === 'GET /_sim/applied') return sendJson(res, 200, sim.appliedDecisions());
      if (op === 'GET /_sim/identities') {
        const tenants = (deps.world?.() ?? [deps]).map((t) => ({ tenantId: t.tenantId, tenantName: t.tenantName }));
        return sendJson(res, 200, { ...target.identities(), tenants });
      }
      const stage = /^GET \/_sim\/stages\/([^/]+)$/.exec(op);
      if (stage?.[1]) {
        const json = sim.stage(decodeURIComponent(stage[1]));
        return json === undefined ? sendJson(res, 404, { error: { code: 'NotFound', message: 'No such stage.' } }) : sendJson(res, 200, json);
      }
      return sendJson(res, 404, { error: { code: 'NotFound', message: `Unknown control call ${op}.` } });
    } catch (err) {
      const message = err instanceof z.ZodError ? z.prettifyError(err) : err instanceof Error ? err.message : String(err);
      return sendJson(res, 400, { error: { code: 'BadControlRequest', message } });
    }
  };
}
