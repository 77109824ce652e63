import { describe, expect, it } from 'vitest';
import { outboxStateWords, outcomeWords } from './outcome-words';

const o = (outcome: 'done' | 'queued' | 'conflict' | 'expired' | 'failed', message = '') => ({ itemId: 'x', outcome, message });

describe('outcomeWords', () => {
  it('uses the verb the user chose', () => {
    expect(outcomeWords(o('done'), 'Approve', 's', 'azureResource').text).toBe('Approved');
    expect(outcomeWords(o('done', 'ok'), 'Deny', 's', 'azureResource').text).toBe('Denied');
  });
  it('says a decision waits when offline, and passes on the undo window', () => {
    expect(outcomeWords(o('queued', 'Approval waiting to send (offline)'), 'Approve', 's', 'azureResource')).toMatchObject({ text: 'Waiting to send (offline)', tone: 'info' });
    expect(outcomeWords(o('queued'), 'Approve', 's', 'azureResource').text).toBe('Waiting to send (offline)');
    const undo = outcomeWords({ ...o('queued', 'Approval will be sent in 5 s (undo in Outbox & history)'), entryId: 'e1' }, 'Approve', 's', 'azureResource');
    expect(undo).toMatchObject({ text: 'Approval will be sent in 5 s (undo in Outbox & history)', entryId: 'e1' });
  });
  it('names who won a conflict when the core says so', () => {
    expect(outcomeWords(o('conflict', 'Already approved by Grace Hopper'), 'Approve', 's', 'azureResource').text).toBe('Already approved by Grace Hopper');
    expect(outcomeWords(o('conflict'), 'Approve', 's', 'azureResource').text).toBe('Already decided by another approver');
  });
  it('says what to do when it failed', () => {
    const w = outcomeWords(o('failed'), 'Approve', 's', 'azureResource');
    expect(w.tone).toBe('error');
    expect(w.offerPortal).toBe(true);
    expect(w.text).toMatch(/Azure portal/);
    expect(outcomeWords(o('expired'), 'Deny', 's', 'azureResource').text).toBe('Expired before it could be sent');
  });
  it('keeps the kind, so the portal link opens the right blade', () => {
    expect(outcomeWords(o('failed'), 'Deny', 'Global Administrator (Entra ID)', 'entraRole')).toMatchObject({ kind: 'entraRole', subject: 'Global Administrator (Entra ID)', offerPortal: true });
  });
  it('names outbox states and shows unknown ones raw', () => {
    expect(outboxStateWords('conflict')).toBe('Decided by someone else');
    expect(outboxStateWords('warped')).toBe('warped');
  });
});
