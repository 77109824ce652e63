/**
 * The test-only control channel under /_sim/, for callers in another process (CLI users,
 * Playwright). Every call needs the `x-sim-secret` header; without it the answer is 403
 * and nothing happens. Control calls never enter the ARM call log.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { firstHeader, parseJson, sendJson } from './http-io';
import type { KnobPatch, Knobs } from './knobs';
import type { SimControl } from './sim-control';

export interface ControlDeps {
  secret: string;
  sim: SimControl;
  knobs: () => Knobs;
  /** URLs, ARM and Graph tokens and principals, for a harness in another process. */
  identities: () => unknown;
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
    const body = parsed.value ?? {};
    const method = (req.method ?? 'GET').toUpperCase();
    const op = `${method} ${url.pathname.replace(/\/+$/, '')}`;
    try {
      if (op === 'POST /_sim/advance') {
        await deps.sim.advance(Advance.parse(body).ms);
        return sendJson(res, 200, { ok: true });
      }
      if (op === 'POST /_sim/expire') {
        deps.sim.expireNow();
        return sendJson(res, 200, { ok: true });
      }
      if (op === 'POST /_sim/requests') return sendJson(res, 201, deps.sim.createRequest(Create.parse(body)));
      if (op === 'POST /_sim/decide') {
        const d = Decide.parse(body);
        deps.sim.decideAs(d.principal, d.stageId, d.result, d.justification);
        return sendJson(res, 200, { ok: true });
      }
      if (op === 'GET /_sim/log') return sendJson(res, 200, deps.sim.callLog());
      if (op === 'POST /_sim/clear-log') {
        deps.sim.clearLog();
        return sendJson(res, 200, { ok: true });
      }
      if (op === 'GET /_sim/knobs') return sendJson(res, 200, deps.knobs());
      if (op === 'POST /_sim/knobs') {
        deps.sim.setKnobs(KnobsPatch.parse(body) satisfies KnobPatch);
        return sendJson(res, 200, deps.knobs());
      }
      if (op === 'GET /_sim/applied') return sendJson(res, 200, deps.sim.appliedDecisions());
      if (op === 'GET /_sim/identities') return sendJson(res, 200, deps.identities());
      const stage = /^GET \/_sim\/stages\/([^/]+)$/.exec(op);
      if (stage?.[1]) {
        const json = deps.sim.stage(decodeURIComponent(stage[1]));
        return json === undefined ? sendJson(res, 404, { error: { code: 'NotFound', message: 'No such stage.' } }) : sendJson(res, 200, json);
      }
      return sendJson(res, 404, { error: { code: 'NotFound', message: `Unknown control call ${op}.` } });
    } catch (err) {
      const message = err instanceof z.ZodError ? z.prettifyError(err) : err instanceof Error ? err.message : String(err);
      return sendJson(res, 400, { error: { code: 'BadControlRequest', message } });
    }
  };
}
