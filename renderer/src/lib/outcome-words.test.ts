import { describe, expect, it } from 'vitest';
import { outboxStateWords, outcomeWords } from './outcome-words';

const o = (outcome: 'done' | 'queued' | 'conflict' | 'expired' | 'failed', message = '') => ({ itemId: 'x', outcome, message });

describe('outcomeWords', () => {
  it('uses the verb the user chose', () => {
    expect(outcomeWords(o('done'), 'Approve', 's').text).toBe('Approved');
    expect(outcomeWords(o('done', 'ok'), 'Deny', 's').text).toBe('Denied');
  });
  it('says a decision waits when offline, and passes on the undo window', () => {
    expect(outcomeWords(o('queued', 'Approval waiting to send (offline)'), 'Approve', 's')).toMatchObject({ text: 'Waiting to send (offline)', tone: 'info' });
    expect(outcomeWords(o('queued'), 'Approve', 's').text).toBe('Waiting to send (offline)');
    const undo = outcomeWords({ ...o('queued', 'Approval will be sent in 5 s (undo in Outbox & history)'), entryId: 'e1' }, 'Approve', 's');
    expect(undo).toMatchObject({ text: 'Approval will be sent in 5 s (undo in Outbox & history)', entryId: 'e1' });
  });
  it('names who won a conflict when the core says so', () => {
    expect(outcomeWords(o('conflict', 'Already approved by Grace Hopper'), 'Approve', 's').text).toBe('Already approved by Grace Hopper');
    expect(outcomeWords(o('conflict'), 'Approve', 's').text).toBe('Already decided by another approver');
  });
  it('says what to do when it failed', () => {
    const w = outcomeWords(o('failed'), 'Approve', 's');
    expect(w.tone).toBe('error');
    expect(w.offerPortal).toBe(true);
    expect(w.text).toMatch(/Azure portal/);
    expect(outcomeWords(o('expired'), 'Deny', 's').text).toBe('Expired before it could be sent');
  });
  it('names outbox states and shows unknown ones raw', () => {
    expect(outboxStateWords('conflict')).toBe('Decided by someone else');
    expect(outboxStateWords('warped')).toBe('warped');
  });
});
