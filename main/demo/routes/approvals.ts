/**
 * roleAssignmentApprovals (api 2021-01-01-preview): list, get, stages list, stage get and
 * the decision writes (PUT nested body, PATCH flat or nested), tenant-level and `/{scope}`.
 */
import { armError, type ArmReply } from '../arm-errors';
import { approvalJson, stageJson } from '../arm-json';
import type { RequestRec } from '../model';
import { canSee, decide, isApprover } from '../rules';
import { isRecord, servedByArm, type ArmCall, type ArmContext } from './context';
import { page, parseApprovalFilter } from './list-query';
import { isAtOrBelow, normalizeScope } from './match';

/** Ids in answers to `/{scope}/…` calls carry that scope, as in the Scope* examples. */
const idPrefix = (call: ArmCall): string => (call.route.scope === '' ? '' : `/${call.route.scope}`);

const notFound = (what: string, id: string): ArmReply => armError(404, 'RoleAssignmentApprovalNotFound', `The ${what} '${id}' was not found.`);

export function listApprovals(ctx: ArmContext, call: ArmCall): ArmReply {
  const filter = parseApprovalFilter(call.query['$filter']);
  if (!filter.ok) return filter.reply;
  const scope = normalizeScope(call.route.scope);
  const items = ctx.tenant.requests().filter((rec) => {
    if (!servedByArm(rec) || !rec.approvalId || !isAtOrBelow(rec.scope.id, scope)) return false;
    if (filter.value === 'asApprover') return isApprover(rec, ctx.caller);
    if (filter.value === 'asCreatedBy') return rec.requester === ctx.caller;
    if (filter.value === 'asTarget') return rec.target === ctx.caller;
    return canSee(rec, ctx.caller);
  });
  const result = page(items, call.query, ctx.origin, call.pathname, ctx.knobs.pageSize);
  if (!result.ok) return result.reply;
  const body = result.value;
  return { status: 200, body: { ...body, value: body.value.map((rec) => approvalJson(ctx.tenant, rec, ctx.caller, idPrefix(call))) } };
}

function findApproval(ctx: ArmContext, call: ArmCall): { ok: true; rec: RequestRec } | { ok: false; reply: ArmReply } {
  const rec = ctx.tenant.approval(call.route.id ?? '');
  if (!servedByArm(rec)) return { ok: false, reply: notFound('approval', call.route.id ?? '') };
  if (!canSee(rec, ctx.caller)) return { ok: false, reply: armError(403, 'AuthorizationFailed', 'The client does not have authorization to read this approval.') };
  return { ok: true, rec };
}

export function getApproval(ctx: ArmContext, call: ArmCall): ArmReply {
  const found = findApproval(ctx, call);
  return found.ok ? { status: 200, body: approvalJson(ctx.tenant, found.rec, ctx.caller, idPrefix(call)) } : found.reply;
}

export function listStages(ctx: ArmContext, call: ArmCall): ArmReply {
  const found = findApproval(ctx, call);
  if (!found.ok) return found.reply;
  return { status: 200, body: { value: found.rec.stages.map((s) => stageJson(ctx.tenant, found.rec, s, ctx.caller, idPrefix(call), false)) } };
}

export function getStage(ctx: ArmContext, call: ArmCall): ArmReply {
  const found = findApproval(ctx, call);
  if (!found.ok) return found.reply;
  const stage = found.rec.stages.find((s) => s.id.toLowerCase() === (call.route.stageId ?? '').toLowerCase());
  if (!stage) return notFound('approval stage', call.route.stageId ?? '');
  return { status: 200, body: stageJson(ctx.tenant, found.rec, stage, ctx.caller, idPrefix(call), false), stageId: stage.id };
}

/** Reads {reviewResult, justification} from the body shape this method and tenant accept. */
function decisionFromBody(ctx: ArmContext, call: ArmCall): { ok: true; reviewResult: string; justification: string } | { ok: false; reply: ArmReply } {
  const body = isRecord(call.body) ? call.body : null;
  const nested = body && isRecord(body['properties']) ? body['properties'] : null;
  const flat = body && !nested && 'reviewResult' in body ? body : null;
  const invalid = (message: string) => ({ ok: false as const, reply: armError(400, 'InvalidRequestContent', message) });
  if (ctx.knobs.flatBodyOnly) {
    if (call.method !== 'PATCH') return invalid('The request content was invalid and could not be deserialized: use PATCH with {"reviewResult", "justification"}.');
    if (!flat) return invalid("The request content was invalid and could not be deserialized: could not find member 'properties'.");
  }
  const source = call.method === 'PUT' ? nested : (nested ?? flat);
  if (!source) return invalid('The request content must be {"properties": {"reviewResult": …, "justification": …}}.');
  const reviewResult = source['reviewResult'];
  const justification = source['justification'];
  if (typeof reviewResult !== 'string') return invalid('reviewResult is required.');
  if (justification !== undefined && typeof justification !== 'string') return invalid('justification must be a string.');
  return { ok: true, reviewResult, justification: justification ?? '' };
}

/** PUT and PATCH of a stage: both record a decision; the answer follows the patchAnswers knob. */
export function decideStage(ctx: ArmContext, call: ArmCall): ArmReply {
  const stageId = call.route.stageId ?? '';
  const found = ctx.tenant.stage(stageId);
  const rec = ctx.tenant.approval(call.route.id ?? '');
  if (!found || !servedByArm(rec) || found.request !== rec) return { ...notFound('approval stage', stageId), stageId };
  const parsed = decisionFromBody(ctx, call);
  if (!parsed.ok) return { ...parsed.reply, stageId: found.stage.id };
  const logFacts = { stageId: found.stage.id, reviewResult: parsed.reviewResult };
  const result = decide(ctx.tenant, ctx.knobs, {
    principalKey: ctx.caller,
    stageId: found.stage.id,
    result: parsed.reviewResult,
    justification: parsed.justification,
    now: ctx.now,
  });
  if (!result.ok) return { ...armError(result.error.status, result.error.code, result.error.message), ...logFacts };
  if (ctx.knobs.patchAnswers === 204) return { status: 204, ...logFacts };
  return { status: 200, body: stageJson(ctx.tenant, rec, found.stage, ctx.caller, idPrefix(call), false), ...logFacts };
}
