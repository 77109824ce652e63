/**
 * roleAssignmentScheduleRequests (api 2020-10-01): list, get, create (PUT), cancel and
 * validate, at tenant level and under `/{scope}`.
 */
import { armError, type ArmReply } from '../arm-errors';
import { scheduleRequestJson } from '../arm-json';
import { roleFromId } from '../directory';
import type { RequestRec } from '../model';
import { canSee, cancel, isApprover } from '../rules';
import { requestFromSpec } from '../scenario-loader';
import { isRecord, servedByArm, type ArmCall, type ArmContext } from './context';
import { page, parseRequestFilter, type RequestFilterTerm } from './list-query';
import { isAtOrBelow, normalizeScope } from './match';

function matches(ctx: ArmContext, rec: RequestRec, term: RequestFilterTerm, scope: string): boolean {
  switch (term.kind) {
    case 'asApprover':
      return isApprover(rec, ctx.caller);
    case 'asRequestor':
      return rec.requester === ctx.caller;
    case 'asTarget':
      return rec.target === ctx.caller;
    case 'atScope':
      // At or above the scope: the request's scope is a prefix of the one asked for.
      return scope === '' || isAtOrBelow(scope, rec.scope.id);
    case 'principal':
      return ctx.tenant.principal(rec.target)?.id.toLowerCase() === term.id.toLowerCase();
    case 'status':
      return rec.status.toLowerCase() === term.value.toLowerCase();
  }
}

export function listScheduleRequests(ctx: ArmContext, call: ArmCall): ArmReply {
  const filter = parseRequestFilter(call.query['$filter']);
  if (!filter.ok) return filter.reply;
  const scope = normalizeScope(call.route.scope);
  const atScope = filter.value.some((t) => t.kind === 'atScope');
  const items = ctx.tenant
    .requests()
    .filter(servedByArm)
    .filter((rec) => canSee(rec, ctx.caller) || filter.value.some((t) => t.kind === 'principal'))
    .filter((rec) => atScope || isAtOrBelow(rec.scope.id, scope))
    .filter((rec) => filter.value.every((t) => matches(ctx, rec, t, scope)));
  const result = page(items, call.query, ctx.origin, call.pathname, ctx.knobs.pageSize);
  if (!result.ok) return result.reply;
  const body = result.value;
  return { status: 200, body: { ...body, value: body.value.map((rec) => scheduleRequestJson(ctx.tenant, rec)) } };
}

function findVisible(ctx: ArmContext, call: ArmCall): { ok: true; rec: RequestRec } | { ok: false; reply: ArmReply } {
  const rec = ctx.tenant.request(call.route.id ?? '');
  const scope = normalizeScope(call.route.scope);
  if (!servedByArm(rec) || !isAtOrBelow(rec.scope.id, scope)) {
    return { ok: false, reply: armError(404, 'RoleAssignmentScheduleRequestNotFound', `The role assignment schedule request '${call.route.id ?? ''}' was not found.`) };
  }
  if (!canSee(rec, ctx.caller)) return { ok: false, reply: armError(403, 'AuthorizationFailed', 'The client does not have authorization to read this role assignment schedule request.') };
  return { ok: true, rec };
}

export function getScheduleRequest(ctx: ArmContext, call: ArmCall): ArmReply {
  const found = findVisible(ctx, call);
  return found.ok ? { status: 200, body: scheduleRequestJson(ctx.tenant, found.rec) } : found.reply;
}

export function cancelScheduleRequest(ctx: ArmContext, call: ArmCall): ArmReply {
  const found = findVisible(ctx, call);
  if (!found.ok) return found.reply;
  const result = cancel(ctx.tenant, ctx.caller, found.rec, ctx.now);
  return result.ok ? { status: 200 } : armError(result.error.status, result.error.code, result.error.message);
}

/** Turns a PUT/validate body into a record, without storing it. */
function recordFromBody(ctx: ArmContext, call: ArmCall): { ok: true; rec: RequestRec } | { ok: false; reply: ArmReply } {
  const props = isRecord(call.body) && isRecord(call.body['properties']) ? call.body['properties'] : null;
  const bad = (message: string) => ({ ok: false as const, reply: armError(400, 'InvalidParameter', message) });
  if (!props) return bad("The request body must be {\"properties\": {…}}.");
  const { principalId, roleDefinitionId, requestType } = props;
  if (typeof principalId !== 'string' || typeof roleDefinitionId !== 'string' || typeof requestType !== 'string') {
    return bad('principalId, roleDefinitionId and requestType are required.');
  }
  const target = ctx.tenant.keyOfPrincipalId(principalId);
  if (!target) return { ok: false, reply: armError(400, 'PrincipalNotFound', `Principal ${principalId} does not exist in the directory.`) };
  if (requestType.startsWith('Self') && target !== ctx.caller) return bad('Self requests must target the calling principal.');
  const scopeId = normalizeScope(call.route.scope);
  if (scopeId === '') return bad('A scope is required.');
  const scope = ctx.directory.scope(scopeId);
  const role = roleFromId(ctx.directory, roleDefinitionId, scope);
  const schedule = isRecord(props['scheduleInfo']) ? props['scheduleInfo'] : {};
  const expiration = isRecord(schedule['expiration']) ? schedule['expiration'] : {};
  const ticket = isRecord(props['ticketInfo']) ? props['ticketInfo'] : {};
  const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
  // Activations of privileged roles need approval; removals, admin actions and Reader do not.
  const needsApproval = requestType.startsWith('Self') && requestType !== 'SelfDeactivate' && role.displayName !== 'Reader';
  const rec = requestFromSpec(
    { tenant: ctx.tenant, directory: ctx.directory, rng: ctx.rng, now: ctx.now },
    {
      name: call.route.id ?? '',
      requester: ctx.caller,
      target,
      approvers: ctx.defaultApprovers,
      stages: needsApproval ? 1 : 0,
      approvalId: needsApproval ? undefined : null,
      scope: scope.id,
      requestType,
      justification: str(props['justification']),
      createdOn: new Date(ctx.now).toISOString(),
      duration: str(expiration['duration']),
      expirationType: str(expiration['type']) ?? 'AfterDuration',
      ticketNumber: str(ticket['ticketNumber']),
      ticketSystem: str(ticket['ticketSystem']),
      condition: str(props['condition']),
      conditionVersion: str(props['conditionVersion']),
      linkedRoleEligibilityScheduleId: str(props['linkedRoleEligibilityScheduleId']),
    },
  );
  rec.role = role;
  const start = str(schedule['startDateTime']);
  if (start && !Number.isNaN(Date.parse(start))) rec.startOn = Date.parse(start);
  rec.endDateTime = str(expiration['endDateTime']);
  return { ok: true, rec };
}

export function putScheduleRequest(ctx: ArmContext, call: ArmCall): ArmReply {
  if (ctx.tenant.request(call.route.id ?? '')) {
    return armError(409, 'RoleAssignmentScheduleRequestExists', `A role assignment schedule request named '${call.route.id ?? ''}' already exists.`);
  }
  const built = recordFromBody(ctx, call);
  if (!built.ok) return built.reply;
  ctx.tenant.addRequest(built.rec);
  return { status: 201, body: scheduleRequestJson(ctx.tenant, built.rec) };
}

export function validateScheduleRequest(ctx: ArmContext, call: ArmCall): ArmReply {
  const built = recordFromBody(ctx, call);
  return built.ok ? { status: 200, body: scheduleRequestJson(ctx.tenant, built.rec) } : built.reply;
}
