/**
 * Microsoft Graph's error envelope and the simulator's Graph error codes. Routes build
 * `{error: {code, message}}`; the Graph surface adds `innerError` with the call's ids on the
 * way out (withInnerError), so every Graph error carries them, whoever produced it.
 *
 * Codes (docs/graph-api.md lists the statuses; codes beyond Graph's documented ones are the
 * simulator's own, chosen to say exactly which rule refused):
 *   401 InvalidAuthenticationToken   no token, a bad one, or an ARM token
 *   403 PermissionScopeNotGranted    graphConsent is off for the route's kind
 *   403 Authorization_RequestDenied  PATCH of a step/stage not assigned to the caller; reading an approval the caller has no part in
 *   404 ResourceNotFound             unknown approval or step/stage (or one of another kind)
 *   409 Conflict                     the step/stage was already decided (first approver wins; always 409, lateDecisionStatus is ARM's)
 *   400 ApprovalStageExpired         the 24-hour window passed
 *   400 SelfApprovalNotAllowed       the caller asked for (or is the target of) the request
 *   400 ApprovalStageNotStarted      a later serial stage whose turn has not come
 *   400 ApprovalStageNotActionable   a stage in a status nobody can decide (e.g. an unknown one)
 *   400 RequestCanceled              the requester canceled the request
 *   400 ApproverMustBeUser           a service principal tried to decide
 *   400 BadRequest                   malformed JSON, a body without reviewResult Approve|Deny or a
 *                                    non-empty justification, an unsupported $filter or $skiptoken,
 *                                    unknown segments or versions
 *   405 MethodNotAllowed             a known resource with a method it does not take
 *   413 RequestEntityTooLarge, 429 TooManyRequests (Retry-After), 500 InternalServerError,
 *   503 ServiceUnavailable (Retry-After)
 */
import { isRecord } from './routes/context';
import type { RuleError } from './rules';
import type { Reply } from './surface';

export function graphError(status: number, code: string, message: string, headers?: Record<string, string>): Reply {
  return { status, body: { error: { code, message } }, ...(headers ? { headers } : {}) };
}

/** Graph's innerError.date: UTC without fraction or zone letter, as Graph writes it. */
const graphDate = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, '');

/** Copies the call's ids into an error body, as Graph does for every error. */
export function withInnerError(reply: Reply, headers: Record<string, string>, now: number): Reply {
  const body = reply.body;
  if (!isRecord(body) || !isRecord(body['error'])) return reply;
  const innerError = { date: graphDate(now), 'request-id': headers['request-id'] ?? '', 'client-request-id': headers['client-request-id'] ?? '' };
  return { ...reply, body: { ...body, error: { ...body['error'], innerError } } };
}

/** The shared decision rules' refusals, in Graph's words. */
export function graphRuleError(error: RuleError): Reply {
  switch (error.reason) {
    case 'notFound':
      return graphError(404, 'ResourceNotFound', 'The requested approval step was not found.');
    case 'invalidReviewResult':
      return graphError(400, 'BadRequest', "reviewResult must be 'Approve' or 'Deny'.");
    case 'approverNotUser':
      return graphError(400, 'ApproverMustBeUser', 'Service principals cannot approve requests.');
    case 'selfApproval':
      return graphError(400, 'SelfApprovalNotAllowed', 'The requestor of the request cannot approve their own request.');
    case 'notAssigned':
    case 'notRequester':
      return graphError(403, 'Authorization_RequestDenied', 'Insufficient privileges to complete the operation.');
    case 'requestCanceled':
      return graphError(400, 'RequestCanceled', 'The request was canceled by its requestor.');
    case 'expired':
      return graphError(400, 'ApprovalStageExpired', 'The approval has expired: approvals must be decided within 24 hours of the request.');
    case 'alreadyReviewed':
      return graphError(409, 'Conflict', 'The approval step has already been reviewed by another approver.');
    case 'notStarted':
      return graphError(400, 'ApprovalStageNotStarted', 'This approval stage has not started yet.');
    case 'notActionable':
    case 'notCancelable':
      return graphError(400, 'ApprovalStageNotActionable', error.message);
  }
}
