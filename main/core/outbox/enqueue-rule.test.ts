import { describe, expect, it } from 'vitest';
import { enqueueVerdict, refusalMessage } from './enqueue-rule';
import { makeDecision, makeEntry } from '../../../test/kit/test-entries';

const at = () => '10:04';

describe('enqueueVerdict: one entry per (account, stage)', () => {
  it('a stage with no entry takes a new one', () => {
    expect(enqueueVerdict([], makeDecision())).toEqual({ kind: 'new' });
    expect(enqueueVerdict([makeEntry({ accountId: 'someone-else' })], makeDecision())).toEqual({ kind: 'new' });
  });

  it('the same verb again answers the existing entry, in any letter case of the stage id', () => {
    const existing = makeEntry({ state: 'done' });
    const upper = makeDecision({ stageId: existing.stageId.toUpperCase(), accountId: 'ACC' });
    expect(enqueueVerdict([existing], upper)).toEqual({ kind: 'existing', entry: existing });
  });

  it('the opposite verb is refused and says what was decided and where it stands', () => {
    const waiting = makeEntry({ result: 'Approve', state: 'queued', attempts: 0 });
    expect(enqueueVerdict([waiting], makeDecision({ result: 'Deny' }), at)).toEqual({
      kind: 'refused',
      entry: waiting,
      message: 'You already approved this; the approval waits to be sent — undo it first.',
    });
    const sent = makeEntry({ result: 'Deny', state: 'done' });
    expect(enqueueVerdict([sent], makeDecision({ result: 'Approve' }), at)).toMatchObject({
      kind: 'refused',
      message: 'You already denied this; it was sent at 10:04 and Azure records Deny.',
    });
  });

  it('a cancelled or failed entry no longer holds the stage', () => {
    for (const state of ['cancelled', 'failed'] as const) {
      expect(enqueueVerdict([makeEntry({ state, result: 'Approve' })], makeDecision({ result: 'Deny' }))).toEqual({ kind: 'new' });
    }
  });

  it('of two holders (a race merged later) the oldest answers', () => {
    const older = makeEntry({ id: 'old', createdAt: 1 });
    const newer = makeEntry({ id: 'new', createdAt: 2 });
    expect(enqueueVerdict([newer, older], makeDecision())).toMatchObject({ kind: 'existing', entry: { id: 'old' } });
    expect(enqueueVerdict([older, newer], makeDecision())).toMatchObject({ kind: 'existing', entry: { id: 'old' } });
  });

  it('two holders made in the same millisecond: every reader picks the same one (lowest id)', () => {
    const a = makeEntry({ id: 'a', createdAt: 5 });
    const b = makeEntry({ id: 'b', createdAt: 5 });
    expect(enqueueVerdict([a, b], makeDecision())).toMatchObject({ entry: { id: 'a' } });
    expect(enqueueVerdict([b, a], makeDecision())).toMatchObject({ entry: { id: 'a' } });
  });
});

describe('refusalMessage', () => {
  it('words every state that holds a stage', () => {
    expect(refusalMessage(makeEntry({ state: 'queued', attempts: 2 }))).toBe('You already approved this; the approval may already have reached Azure and can no longer be changed.');
    expect(refusalMessage(makeEntry({ state: 'sending', result: 'Deny' }))).toBe('You already denied this; the denial is being sent and can no longer be changed.');
    expect(refusalMessage(makeEntry({ state: 'conflict', outcomeMessage: 'Already approved by Sam Okafor' }))).toBe(
      'This request was already decided: Already approved by Sam Okafor.',
    );
    expect(refusalMessage(makeEntry({ state: 'conflict', outcomeMessage: null }))).toBe('This request was already decided: by someone else.');
    expect(refusalMessage(makeEntry({ state: 'expired' }))).toBe('This request has expired; it can no longer be decided.');
    // States that no longer hold a stage never reach a refusal; worded plainly all the same.
    expect(refusalMessage(makeEntry({ state: 'cancelled', result: 'Deny' }))).toBe('You already denied this.');
    expect(refusalMessage(makeEntry({ state: 'done', updatedAt: new Date(2026, 0, 5, 10, 4).getTime() }))).toContain('sent at 10:04');
  });
});
