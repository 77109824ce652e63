/**
 * The service's rules for decisions and visibility: first approver wins, no self-approval,
 * service principals cannot approve, serial stages, expiry, cancel. Pure functions over the
 * Tenant returning values (an ARM status + error or the changed record). No I/O.
 * The same rules serve every PIM kind: ARM routes send a RuleError's status and code as they
 * are, Graph routes translate its `reason` into Graph's answer (graph-rule-errors.ts).
 */
import type { Knobs } from './knobs';
import type { RequestRec, StageRec } from './model';
import type { Tenant } from './state';

/** Why a rule refused, independent of the API that reports it. */
export type RuleReason =
  | 'notFound'
  | 'invalidReviewResult'
  | 'approverNotUser'
  | 'selfApproval'
  | 'notAssigned'
  | 'requestCanceled'
  | 'expired'
  | 'alreadyReviewed'
  | 'notStarted'
  | 'notActionable'
  | 'notRequester'
  | 'notCancelable';

export interface RuleError {
  reason: RuleReason;
  /** ARM's answer. */
  status: number;
  code: string;
  message: string;
}

export type RuleResult<T> = { ok: true; value: T } | { ok: false; error: RuleError };

const fail = (reason: RuleReason, status: number, code: string, message: string): { ok: false; error: RuleError } => ({ ok: false, error: { reason, status, code, message } });

/** The open (actionable) stage of a serial approval: the one InProgress, if any. */
export function openStage(rec: RequestRec): StageRec | undefined {
  return rec.stages.find((s) => s.status === 'InProgress');
}

/** Who may read a request or its approval: its requester, its target and any approver. */
export function canSee(rec: RequestRec, principalKey: string): boolean {
  return rec.requester === principalKey || rec.target === principalKey || isApprover(rec, principalKey);
}

export function isApprover(rec: RequestRec, principalKey: string): boolean {
  return rec.stages.some((s) => s.approvers.includes(principalKey));
}

export function stagePath(rec: RequestRec, stage: StageRec): string {
  return `/providers/Microsoft.Authorization/roleAssignmentApprovals/${rec.approvalId ?? ''}/stages/${stage.id}`;
}

export interface DecisionInput {
  principalKey: string;
  stageId: string;
  result: string;
  justification: string;
  now: number;
}

/**
 * Records a decision when every rule allows it. The order of checks mirrors what a caller
 * of the real service meets: unknown id, who is asking, then the stage's state.
 */
export function decide(tenant: Tenant, knobs: Knobs, input: DecisionInput): RuleResult<{ request: RequestRec; stage: StageRec }> {
  tenant.expire(input.now);
  const found = tenant.stage(input.stageId);
  const principal = tenant.principal(input.principalKey);
  if (!found || !principal) return fail('notFound', 404, 'RoleAssignmentApprovalNotFound', `The approval stage '${input.stageId}' was not found.`);
  const { request, stage } = found;
  if (input.result !== 'Approve' && input.result !== 'Deny') {
    return fail('invalidReviewResult', 400, 'InvalidReviewResult', `The reviewResult '${input.result}' is invalid. Use 'Approve' or 'Deny'.`);
  }
  if (principal.type !== 'User') return fail('approverNotUser', 400, 'ApproverMustBeUser', 'Service principals cannot approve requests.');
  if (request.requester === input.principalKey || request.target === input.principalKey) {
    return fail('selfApproval', 400, 'SelfApprovalNotAllowed', "Request doesn't allow Self-Approval");
  }
  if (!stage.approvers.includes(input.principalKey)) {
    return fail(
      'notAssigned',
      403,
      'AuthorizationFailed',
      `The client '${principal.upn}' with object id '${principal.id}' does not have authorization to perform action 'Microsoft.Authorization/roleAssignmentApprovals/stages/write' over scope '${stagePath(request, stage)}' or the scope is invalid.`,
    );
  }
  if (request.status === 'Canceled') return fail('requestCanceled', 400, 'RoleAssignmentRequestCanceled', 'The request was canceled by its requester.');
  if (stage.status === 'Expired') return fail('expired', 400, 'RoleAssignmentApprovalExpired', 'The approval has expired: approvals must be decided within 24 hours of the request.');
  if (stage.status === 'Completed' || stage.reviewResult !== 'NotReviewed') {
    return fail('alreadyReviewed', knobs.lateDecisionStatus, 'RoleAssignmentApprovalStageCompleted', 'The approval stage has already been reviewed by another approver.');
  }
  if (stage.status === 'NotStarted') return fail('notStarted', 400, 'RoleAssignmentApprovalStageNotStarted', 'This approval stage has not started yet.');
  if (stage.status !== 'InProgress') return fail('notActionable', 400, 'RoleAssignmentApprovalStageNotActionable', `The approval stage is '${stage.status}' and cannot be reviewed.`);

  stage.status = 'Completed';
  stage.reviewResult = input.result;
  stage.reviewedBy = input.principalKey;
  stage.reviewedAt = input.now;
  stage.justification = input.justification;
  tenant.applied.push({ stageId: stage.id, by: input.principalKey, result: input.result, at: input.now });

  const index = request.stages.indexOf(stage);
  const next = request.stages[index + 1];
  if (input.result === 'Deny') request.status = 'Denied';
  else if (next) next.status = 'InProgress';
  // ARM reports a fully approved request as Provisioned; Graph's requests say Granted first.
  else request.status = request.kind === 'azureResource' ? 'Provisioned' : 'Granted';
  return { ok: true, value: { request, stage } };
}

/** Cancels a pending request; only its requester may. Undecided stages end as Completed/NotReviewed. */
export function cancel(tenant: Tenant, principalKey: string, rec: RequestRec, now: number): RuleResult<RequestRec> {
  tenant.expire(now);
  if (rec.requester !== principalKey && rec.target !== principalKey) {
    return fail('notRequester', 403, 'AuthorizationFailed', 'Only the requester can cancel a role assignment schedule request.');
  }
  if (rec.status !== 'PendingApproval' && rec.status !== 'PendingApprovalProvisioning') {
    return fail('notCancelable', 400, 'RoleAssignmentRequestNotCancelable', `The request is '${rec.status}' and can no longer be canceled.`);
  }
  rec.status = 'Canceled';
  for (const stage of rec.stages) if (stage.status === 'InProgress' || stage.status === 'NotStarted') stage.status = 'Completed';
  return { ok: true, value: rec };
}
