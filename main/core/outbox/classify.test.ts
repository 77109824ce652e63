import { describe, expect, it } from 'vitest';
import type { ApprovalStage, ArmError } from '../arm/types';
import { classifyError, conflictMessage, describeOutcome, entryError, precheckStage } from './classify';

const meta = { status: 503, clientRequestId: 'c', requestId: 'r', correlationId: null };
const stage = (over: Partial<ApprovalStage> = {}): ApprovalStage => ({
  id: 's',
  name: 's',
  displayName: null,
  status: 'InProgress',
  reviewResult: 'NotReviewed',
  assignedToMe: true,
  reviewedBy: null,
  reviewedDateTime: null,
  justification: null,
  ...over,
});
const grace = { id: 'g-oid', displayName: 'Grace Hopper', type: 'User', email: null };
const me = { id: 'ME-oid', displayName: 'Me', type: 'User', email: null };

describe('classifyError', () => {
  const cases: [string, ArmError, string][] = [
    ['network', { kind: 'network', message: 'ECONNREFUSED' }, 'transient'],
    ['timeout', { kind: 'timeout', message: 't' }, 'transient'],
    ['429', { kind: 'throttled', message: 't', status: 429, retryAfterMs: 3_000 }, 'transient'],
    ['500', { kind: 'http', message: 'x', status: 500 }, 'transient'],
    ['503', { kind: 'http', message: 'x', status: 503 }, 'transient'],
    ['408', { kind: 'http', message: 'x', status: 408 }, 'transient'],
    ['parse', { kind: 'parse', message: 'x' }, 'transient'],
    ['too-large', { kind: 'too-large', message: 'x' }, 'transient'],
    ['unconfirmed write', { kind: 'http', message: 'not yet', writeMayBeInFlight: true, meta: { ...meta, status: 200 } }, 'transient'],
    ['404 on a write whose stage is still open', { kind: 'http', message: 'gone?', status: 404, writeMayBeInFlight: true }, 'transient'],
    ['409 on a write whose stage is still open', { kind: 'http', message: 'Conflict', status: 409, writeMayBeInFlight: true }, 'transient'],
    ['fenced', { kind: 'fenced', message: 'lock lost' }, 'fenced'],
    ['401', { kind: 'unauthorized', message: 'x', status: 401 }, 'signed-out'],
    ['403', { kind: 'http', message: 'The client does not have authorization', status: 403, code: 'AuthorizationFailed' }, 'failed'],
    ['400', { kind: 'http', message: 'bad', status: 400 }, 'failed'],
    ['self', { kind: 'http', message: "Request doesn't allow Self-Approval", status: 400 }, 'failed'],
    ['already mine, other verdict', { kind: 'http', code: 'AlreadyReviewed', message: 'You already decided', meta: { ...meta, status: 200 } }, 'failed'],
    ['bad id', { kind: 'http', message: 'That is not an approval stage id ARM returned.' }, 'failed'],
    ['foreign', { kind: 'foreign-link', message: 'x' }, 'failed'],
    ['404', { kind: 'http', message: 'gone', status: 404 }, 'expired'],
  ];
  for (const [name, error, kind] of cases) it(`${name} → ${kind}`, () => expect(classifyError(error).kind).toBe(kind));

  it('keeps Retry-After and marks throttling and offline hints', () => {
    expect(classifyError({ kind: 'throttled', message: 't', retryAfterMs: 3_000 })).toEqual({ kind: 'transient', retryAfterMs: 3_000, throttled: true, offline: false });
    expect(classifyError({ kind: 'network', message: 'x' })).toMatchObject({ offline: true });
  });

  it('a write that may be in flight keeps the hints the outbox acts on', () => {
    expect(classifyError({ kind: 'http', status: 503, message: 'x', writeMayBeInFlight: true })).toEqual({ kind: 'transient', writeMayBeInFlight: true, throttled: false, offline: false });
    expect(classifyError({ kind: 'timeout', message: 'x', writeMayBeInFlight: true })).toMatchObject({ writeMayBeInFlight: true, offline: true });
    expect(classifyError({ kind: 'network', message: 'x', writeMayBeInFlight: true })).toMatchObject({ writeMayBeInFlight: true, offline: true });
    expect(classifyError({ kind: 'throttled', message: 'x', retryAfterMs: 5_000, writeMayBeInFlight: true })).toEqual({
      kind: 'transient',
      writeMayBeInFlight: true,
      throttled: true,
      offline: false,
      retryAfterMs: 5_000,
    });
  });

  it('words refusals for the user', () => {
    expect(classifyError({ kind: 'http', status: 403, message: 'You are not an approver.' })).toEqual({
      kind: 'failed',
      message: 'Azure refused the decision (403): You are not an approver. Open it in the Azure portal.',
    });
    expect(classifyError({ kind: 'http', status: 400, message: "Request doesn't allow Self-Approval" })).toMatchObject({
      message: expect.stringContaining('you cannot approve your own request'),
    });
  });

  it('entryError keeps message, code, status and the request id only', () => {
    expect(entryError({ kind: 'http', message: 'm', status: 403, code: 'C', meta })).toEqual({ message: 'm', status: 403, code: 'C', requestId: 'r' });
    expect(entryError({ kind: 'network', message: 'm' })).toEqual({ message: 'm' });
  });
});

describe('outcome messages', () => {
  it('conflict names the winner and the verdict', () => {
    expect(conflictMessage(stage({ status: 'Completed', reviewResult: 'Approve', reviewedBy: grace }))).toBe('Already approved by Grace Hopper');
    expect(conflictMessage(stage({ status: 'Completed', reviewResult: 'Deny', reviewedBy: grace }))).toBe('Already denied by Grace Hopper');
    expect(conflictMessage(stage({ status: 'Completed' }))).toBe('Already decided by someone else');
    expect(conflictMessage(null)).toBe('Already decided by someone else');
  });
  it('done uses the verb the user chose; expired says it never went out', () => {
    expect(describeOutcome({ outcome: 'done', stage: stage({ reviewedBy: me }) }, 'Approve')).toEqual({ message: 'Approved', decidedBy: 'Me' });
    expect(describeOutcome({ outcome: 'done', stage: stage() }, 'Deny').message).toBe('Denied');
    expect(describeOutcome({ outcome: 'expired', stage: null }, 'Deny')).toEqual({ message: 'Expired before it could be sent', decidedBy: null });
  });
});

describe('precheckStage (before re-sending)', () => {
  const mine = { result: 'Approve' as const, justification: 'ok by me', me: 'me-oid' };
  it('open and mine → send', () => expect(precheckStage(stage(), mine)).toEqual({ verdict: 'send' }));
  it('open but not assigned to me → send (Azure will answer 403)', () =>
    expect(precheckStage(stage({ assignedToMe: false }), mine)).toEqual({ verdict: 'send' }));
  it('expired → expired', () => expect(precheckStage(stage({ status: 'Expired' }), mine)).toMatchObject({ verdict: 'resolved', outcome: { outcome: 'expired' } }));
  it('completed without review → conflict', () =>
    expect(precheckStage(stage({ status: 'Completed' }), mine)).toMatchObject({ verdict: 'resolved', outcome: { outcome: 'conflict' } }));
  it('reviewed by me (case-insensitive id) → done', () =>
    expect(precheckStage(stage({ status: 'Completed', reviewResult: 'Approve', reviewedBy: me }), mine)).toMatchObject({ verdict: 'resolved', outcome: { outcome: 'done' } }));
  it('reviewed by me the other way → cannot change', () =>
    expect(precheckStage(stage({ status: 'Completed', reviewResult: 'Deny', reviewedBy: me }), mine)).toMatchObject({ verdict: 'mine-other-result' }));
  it('reviewed by someone else → conflict', () =>
    expect(precheckStage(stage({ status: 'Completed', reviewResult: 'Approve', reviewedBy: grace }), mine)).toMatchObject({ verdict: 'resolved', outcome: { outcome: 'conflict' } }));
  it('me unknown: same result and justification → done, else conflict', () => {
    const noMe = { ...mine, me: null };
    expect(precheckStage(stage({ status: 'Completed', reviewResult: 'Approve', reviewedBy: grace, justification: 'ok by me' }), noMe)).toMatchObject({ outcome: { outcome: 'done' } });
    expect(precheckStage(stage({ status: 'Completed', reviewResult: 'Approve', reviewedBy: grace, justification: 'other' }), noMe)).toMatchObject({ outcome: { outcome: 'conflict' } });
    expect(precheckStage(stage({ status: 'Completed', reviewResult: 'Deny', reviewedBy: grace, justification: 'ok by me' }), noMe)).toMatchObject({ outcome: { outcome: 'conflict' } });
  });
});

describe('classify: hints and words the mutation run found untested', () => {
  it('no answer is offline, not throttled; a garbled answer is neither', () => {
    expect(classifyError({ kind: 'network', message: 'x' })).toEqual({ kind: 'transient', throttled: false, offline: true });
    expect(classifyError({ kind: 'parse', message: 'x' })).toEqual({ kind: 'transient', throttled: false, offline: false });
  });

  it('a plain HTTP 429 (no throttled kind) is still throttling; a 503 is not, and neither is offline', () => {
    expect(classifyError({ kind: 'http', status: 429, message: 'x', retryAfterMs: 2_000 })).toEqual({ kind: 'transient', retryAfterMs: 2_000, throttled: true, offline: false });
    expect(classifyError({ kind: 'http', status: 503, message: 'x' })).toEqual({ kind: 'transient', throttled: false, offline: false });
  });

  it('an in-flight write behind a 503 is not throttling', () => {
    expect(classifyError({ kind: 'http', status: 503, message: 'x', writeMayBeInFlight: true })).toMatchObject({ throttled: false });
  });

  it('a link to another host says so; a 404 says the request is gone', () => {
    expect(classifyError({ kind: 'foreign-link', message: 'nextLink to evil.example' })).toEqual({
      kind: 'failed',
      message: "Azure's answer pointed to another host; not followed. nextLink to evil.example",
    });
    expect(classifyError({ kind: 'http', status: 404, message: 'x' })).toEqual({ kind: 'expired', message: 'The request no longer exists in Azure (expired or withdrawn).' });
  });

  it('a 403 without text still says why; self-approval is found by its code too', () => {
    expect(classifyError({ kind: 'http', status: 403, message: '' })).toEqual({
      kind: 'failed',
      message: 'Azure refused the decision (403): you may no longer be an approver for this role. Open it in the Azure portal.',
    });
    expect(classifyError({ kind: 'http', status: 400, code: 'SelfApprovalNotAllowed', message: 'Not allowed.' })).toEqual({
      kind: 'failed',
      message: 'Azure refused the decision: Not allowed. (you cannot approve your own request).',
    });
  });

  it('any other refusal names its status, or "error" when there is none', () => {
    expect(classifyError({ kind: 'http', status: 400, message: 'bad' })).toEqual({ kind: 'failed', message: 'Azure refused the decision (400): bad' });
    expect(classifyError({ kind: 'http', message: 'bad id' })).toEqual({ kind: 'failed', message: 'Azure refused the decision (error): bad id' });
  });

  it('a conflict with no named reviewer has no decider', () => {
    expect(describeOutcome({ outcome: 'conflict', stage: stage({ status: 'Completed' }) }, 'Approve')).toEqual({ message: 'Already decided by someone else', decidedBy: null });
  });

  it('precheck: a review without a reviewer falls back to the justification rule, even when I am known', () => {
    const mine = { result: 'Approve' as const, justification: 'ok by me', me: 'me-oid' };
    expect(precheckStage(stage({ status: 'Completed', reviewResult: 'Approve', justification: 'ok by me' }), mine)).toEqual({
      verdict: 'resolved',
      outcome: { outcome: 'done', stage: expect.objectContaining({ reviewResult: 'Approve' }) },
    });
    expect(precheckStage(stage({ status: 'Completed', reviewResult: 'Deny', reviewedBy: me }), mine)).toEqual({
      verdict: 'mine-other-result',
      message: 'You already decided this request (Deny); a decision cannot be changed.',
    });
  });
});
