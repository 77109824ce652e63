import { describe, expect, it } from 'vitest';
import type { OutboxEntry } from '../core/outbox/types';
import type { DecisionRun } from './commands/decide-via-outbox';
import { entryLabel, reportDecision, type DecisionSubject } from './decision-report';

const t0 = Date.parse('2026-01-05T10:04:00Z');

function entry(over: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id: 'e1',
    accountId: 'oid.tid',
    kind: 'azureResource',
    stageId: '/providers/Microsoft.Authorization/roleAssignmentApprovals/a1/stages/s1',
    request: { role: 'Owner', scope: 'Prod-Payments', requester: 'Jordan Lee', requestId: '/subscriptions/s/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/r1' },
    result: 'Approve',
    justification: 'SECRET-WORDS',
    createdAt: t0,
    updatedAt: t0,
    notBefore: t0,
    attempts: 0,
    state: 'queued',
    outcomeMessage: null,
    decidedBy: null,
    lastError: null,
    requestIds: [],
    ...over,
  };
}

const subject: DecisionSubject = { kind: 'azureResource', stageId: entry().stageId, summary: entry().request, label: null };
const recorded = (over: Partial<Extract<DecisionRun, { kind: 'recorded' }>>): DecisionRun => ({
  kind: 'recorded',
  status: 'created',
  before: entry(),
  entry: entry(),
  sentBy: null,
  sendProblem: null,
  unsaved: null,
  waitedForOther: false,
  ...over,
});
const at = () => '10:04';

describe('reportDecision', () => {
  it('words a decision sent now from the recorded verb, not the typed one', () => {
    const r = reportDecision(recorded({ entry: entry({ result: 'Deny', state: 'done', outcomeMessage: 'Denied', decidedBy: 'Me' }), sentBy: 'this' }), subject, t0, at);
    expect(r).toMatchObject({ out: ['Denied: Owner on Prod-Payments for Jordan Lee\n'], err: [], exitCode: 0 });
    expect(r.json).toMatchObject({ recordedResult: 'Deny', state: 'done', reviewedBy: 'Me', message: 'Denied: Owner on Prod-Payments for Jordan Lee' });
    expect(JSON.stringify(r)).not.toContain('SECRET-WORDS');
  });

  it('a repeat of a decision already sent: when, and that nothing changed (exit 4)', () => {
    const done = entry({ state: 'done', outcomeMessage: 'Approved' });
    const r = reportDecision(recorded({ status: 'existing', before: done, entry: done }), subject, t0, at);
    expect(r).toMatchObject({ out: [], err: ['pim-approvals: Already approved by you at 10:04; nothing changed.\n'], exitCode: 4, json: { existing: true } });
  });

  it('says who sent it when another process did', () => {
    const r = reportDecision(recorded({ entry: entry({ state: 'done' }), sentBy: 'other', waitedForOther: true }), subject, t0, at);
    expect(r.out).toEqual(['Approved: Owner on Prod-Payments for Jordan Lee (sent by another PIM Approvals process)\n']);
    expect(r.json).toMatchObject({ sentByAnotherProcess: true });
  });

  it('an outcome Azure gave that could not be saved says what Azure recorded and what to do (exit 1)', () => {
    const unsaved = entry({ state: 'done', outcomeMessage: 'Approved' });
    const r = reportDecision(recorded({ entry: entry({ state: 'sending', attempts: 1 }), unsaved, sendProblem: 'disk full' }), subject, t0, at);
    expect(r.err).toEqual(['pim-approvals: Azure recorded: Approved — but the result could not be saved (disk full); run `pim-approvals sync` when there is space.\n']);
    expect(r.exitCode).toBe(1);
    expect(r.json).toMatchObject({ unsaved: true, state: 'done' });
  });

  it('sending stopped by a local write failure: saved, and whether it may have reached Azure', () => {
    const mayHave = reportDecision(recorded({ entry: entry({ state: 'sending', attempts: 1 }), sendProblem: 'disk full' }), subject, t0, at);
    expect(mayHave.err[0]).toBe(
      'pim-approvals: the decision is saved in the outbox, but it could not be sent (disk full): it may already have reached Azure; `pim-approvals sync` checks before sending again. Run `pim-approvals sync` when there is space.\n',
    );
    const notYet = reportDecision(recorded({ sendProblem: 'disk full' }), subject, t0, at);
    expect(notYet.err[0]).toMatch(/could not be sent \(disk full\): nothing was sent yet\./);
    expect([mayHave.exitCode, notYet.exitCode]).toEqual([1, 1]);
  });

  it('not saved at all: nothing was sent (exit 1)', () => {
    const r = reportDecision({ kind: 'not-saved', problem: 'disk full' }, subject, t0, at);
    expect(r).toMatchObject({ err: ['pim-approvals: could not save the decision (disk full); nothing was sent.\n'], exitCode: 1, json: { saved: false, recordedResult: null } });
  });

  it.each([
    ['mine, opposite verb', entry({ state: 'done' }), 6],
    ['decided by someone else', entry({ state: 'conflict', outcomeMessage: 'Already denied by Sam Okafor' }), 4],
    ['expired as Azure said', entry({ state: 'expired', outcomeMessage: 'Expired before it could be sent' }), 5],
  ])('a refusal exits by what holds the request: %s', (_label, held, code) => {
    const r = reportDecision({ kind: 'refused', entry: held, message: 'You already approved this.' }, subject, t0, at);
    expect(r.exitCode).toBe(code);
    expect(r.err).toEqual(['pim-approvals: refused: You already approved this.\n']);
    expect(r.json).toMatchObject({ refused: true, recordedResult: 'Approve' });
  });

  it('a repeat of one still waiting: its state and why it waits (exit 0)', () => {
    const waiting = entry({ notBefore: t0 + 4_000 });
    const r = reportDecision(recorded({ status: 'existing', before: waiting, entry: waiting }), subject, t0, at);
    expect(r).toMatchObject({ out: ['Already approved; it waits to be sent (it goes out in 4 s).\n'], exitCode: 0 });
  });

  it('a new decision not sent: saved, and why (exit 1; 3 when the token was refused)', () => {
    const r = reportDecision(recorded({ entry: entry({ lastError: { message: 'fetch failed' } }) }), subject, t0, at);
    expect(r.err).toEqual(['pim-approvals: not sent yet (fetch failed); the decision is saved in the outbox and goes out with `pim-approvals sync` or the app.\n']);
    expect(r.exitCode).toBe(1);
    expect(reportDecision(recorded({ entry: entry({ lastError: { message: 'Sign in again', status: 401 } }) }), subject, t0, at).exitCode).toBe(3);
  });

  it('names requests inertly, by kind, or by stage when nothing is known', () => {
    expect(entryLabel('group', { role: 'Finance', scope: 'Finance', requester: 'Jo\u001b[31m', access: 'owner' })).toBe('Owner of Finance (group) for Jo');
    expect(entryLabel('azureResource', { role: '', scope: '', requester: '' })).toBeNull();
    const bare = reportDecision(recorded({ entry: entry({ request: { role: '', scope: '', requester: '' }, state: 'done' }) }), { ...subject, summary: { role: '', scope: '', requester: '' } }, t0, at);
    expect(bare.out).toEqual(['Approved: stage s1\n']);
  });
});
