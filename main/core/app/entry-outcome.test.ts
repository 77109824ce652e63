import { describe, expect, it } from 'vitest';
import { makeEntry } from '../../../test/kit/test-entries';
import { outcomeOfEntry, toOutboxEntryDto, UNDO_BLOCKED, waitingMessage } from './entry-outcome';

const online = { now: 1_000, online: true };

describe('outcomeOfEntry: the answer comes from the recorded entry', () => {
  it('words a waiting decision by its own verb and where it stands', () => {
    expect(waitingMessage(makeEntry({ notBefore: 5_400 }), online)).toBe('Approval waits 5 s');
    expect(waitingMessage(makeEntry({ result: 'Deny', notBefore: 1_000 }), online)).toBe('Denial is about to be sent');
    expect(waitingMessage(makeEntry({ result: 'Deny' }), { now: 1_000, online: false })).toBe('Denial waiting to send (offline)');
    expect(waitingMessage(makeEntry({ state: 'sending', attempts: 1 }), online)).toBe('Approval is being sent');
    expect(waitingMessage(makeEntry({ attempts: 2, lastError: { message: 'ARM answered 503.' } }), online)).toBe('Approval will be tried again (last try: ARM answered 503.)');
  });

  it('carries the entry and its verb whatever was asked', () => {
    const entry = makeEntry({ id: 'e7', result: 'Approve', notBefore: 6_000 });
    expect(outcomeOfEntry(entry, 'stage', online)).toEqual({ itemId: 'stage', entryId: 'e7', recordedResult: 'Approve', outcome: 'queued', message: 'Approval waits 5 s' });
    expect(outcomeOfEntry(makeEntry({ state: 'done', outcomeMessage: 'Approved' }), 's', online)).toMatchObject({ outcome: 'done', message: 'Approved', recordedResult: 'Approve' });
    expect(outcomeOfEntry(makeEntry({ state: 'done', result: 'Deny' }), 's', online)).toMatchObject({ outcome: 'done', message: 'Denied' });
    expect(outcomeOfEntry(makeEntry({ state: 'conflict', outcomeMessage: 'Already approved by Sam Okafor' }), 's', online)).toMatchObject({ outcome: 'conflict', message: 'Already approved by Sam Okafor' });
    expect(outcomeOfEntry(makeEntry({ state: 'expired', outcomeMessage: 'Expired before it could be sent' }), 's', online).outcome).toBe('expired');
    expect(outcomeOfEntry(makeEntry({ state: 'failed', outcomeMessage: 'Azure refused the decision (403): no.' }), 's', online)).toMatchObject({ outcome: 'failed', message: 'Azure refused the decision (403): no.' });
  });
});

describe('toOutboxEntryDto', () => {
  it('offers Undo only while a decision was never tried, and says why not after', () => {
    expect(toOutboxEntryDto(makeEntry({ notBefore: 6_000 }))).toMatchObject({ undoable: true, undoBlocked: null, attempts: 0, sendAt: new Date(6_000).toISOString() });
    expect(toOutboxEntryDto(makeEntry({ attempts: 1 }))).toMatchObject({ undoable: false, undoBlocked: UNDO_BLOCKED });
    expect(toOutboxEntryDto(makeEntry({ state: 'sending', attempts: 1 }))).toMatchObject({ undoable: false, undoBlocked: UNDO_BLOCKED, sendAt: null });
    expect(toOutboxEntryDto(makeEntry({ state: 'done' }))).toMatchObject({ undoable: false, undoBlocked: null });
  });

  it('never carries the justification', () => {
    expect(JSON.stringify(toOutboxEntryDto(makeEntry()))).not.toContain('secret words');
  });
});
