/**
 * Graph approvals of both kinds: the approval with its steps (Entra, beta) or stages
 * (groups: v1.0 stages, beta steps), one step/stage, and the PATCH that decides it (flat
 * body, 204). A group approval is read by its request's id, as on Graph. Decisions go
 * through the shared rules (rules.ts) and land in the same exactly-once oracle as ARM's.
 */
import { graphError, graphRuleError } from '../graph-errors';
import { graphApprovalId, graphApprovalJson, stepJson } from '../graph-json';
import type { RequestRec, StageRec } from '../model';
import { canSee, decide } from '../rules';
import type { Reply } from '../surface';
import { isRecord } from './context';
import type { GraphCall, GraphContext } from './graph-context';
import type { GraphRoute } from './graph-match';

type Found<T> = { ok: true; value: T } | { ok: false; reply: Reply };

const notFound = (what: string, id: string): Reply => graphError(404, 'ResourceNotFound', `The ${what} '${id}' was not found.`);

/** The request whose approval a Graph approval id names: a group approval's id is its request's id. */
function approvalRecord(ctx: GraphContext, route: GraphRoute, id: string): RequestRec | undefined {
  const rec = route.kind === 'group' ? ctx.tenant.request(id) : ctx.tenant.approval(id);
  return rec && rec.kind === route.kind && graphApprovalId(rec)?.toLowerCase() === id.toLowerCase() ? rec : undefined;
}

/** An approval of this route's kind; other kinds (and ARM's) are unknown ids here. */
function findApproval(ctx: GraphContext, route: GraphRoute): Found<RequestRec> {
  const id = route.approvalId ?? '';
  const rec = approvalRecord(ctx, route, id);
  if (!rec) return { ok: false, reply: notFound('approval', id) };
  if (!canSee(rec, ctx.caller)) return { ok: false, reply: graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.') };
  return { ok: true, value: rec };
}

function findStage(ctx: GraphContext, route: GraphRoute): Found<{ rec: RequestRec; stage: StageRec }> {
  const found = findApproval(ctx, route);
  if (!found.ok) return found;
  const id = (route.stageId ?? '').toLowerCase();
  const stage = found.value.stages.find((s) => s.id.toLowerCase() === id);
  if (!stage) return { ok: false, reply: notFound(route.kind === 'group' && route.version === 'v1.0' ? 'approval stage' : 'approval step', route.stageId ?? '') };
  return { ok: true, value: { rec: found.value, stage } };
}

export function getGraphApproval(ctx: GraphContext, route: GraphRoute): Reply {
  const found = findApproval(ctx, route);
  return found.ok ? { status: 200, body: graphApprovalJson(ctx.tenant, found.value, ctx.caller, route.version) } : found.reply;
}

export function getGraphStep(ctx: GraphContext, route: GraphRoute): Reply {
  const found = findStage(ctx, route);
  return found.ok ? { status: 200, body: stepJson(ctx.tenant, found.value.stage, ctx.caller), stageId: found.value.stage.id } : found.reply;
}

type Decision = { ok: true; reviewResult: 'Approve' | 'Deny'; justification: string } | { ok: false; reply: Reply };

/** Graph takes only the flat body, and (unlike ARM) insists on a justification. */
function decisionFromBody(body: unknown): Decision {
  const bad = (message: string): Decision => ({ ok: false, reply: graphError(400, 'BadRequest', message) });
  if (!isRecord(body)) return bad('The request body must be {"reviewResult": "Approve" | "Deny", "justification": "…"}.');
  const { reviewResult, justification } = body;
  if (reviewResult !== 'Approve' && reviewResult !== 'Deny') return bad("reviewResult must be 'Approve' or 'Deny'.");
  if (typeof justification !== 'string' || justification.trim() === '') return bad('justification is required and must not be empty.');
  return { ok: true, reviewResult, justification };
}

/** PATCH of a step/stage: 204 without a body on success, as Graph answers. */
export function patchGraphStep(ctx: GraphContext, call: GraphCall, route: GraphRoute): Reply {
  const found = findStage(ctx, route);
  if (!found.ok) return { ...found.reply, ...(route.stageId ? { stageId: route.stageId } : {}) };
  const { stage } = found.value;
  const reviewResult = isRecord(call.body) && typeof call.body['reviewResult'] === 'string' ? call.body['reviewResult'] : undefined;
  const logFacts = { stageId: stage.id, ...(reviewResult ? { reviewResult } : {}) };
  const parsed = decisionFromBody(call.body);
  if (!parsed.ok) return { ...parsed.reply, ...logFacts };
  const result = decide(ctx.tenant, ctx.knobs, { principalKey: ctx.caller, stageId: stage.id, result: parsed.reviewResult, justification: parsed.justification, now: ctx.now });
  if (!result.ok) return { ...graphRuleError(result.error), ...logFacts };
  return { status: 204, ...logFacts };
}
