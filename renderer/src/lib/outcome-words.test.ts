import { describe, expect, it } from 'vitest';
import type { OutboxEntryDto } from '../../../preload/api';
import { entryWords, liveWords, outboxStateWords, outcomeWords } from './outcome-words';

const o = (outcome: 'done' | 'queued' | 'conflict' | 'expired' | 'failed', message = '') => ({ itemId: 'x', outcome, message });

const entry = (over: Partial<OutboxEntryDto>): OutboxEntryDto => ({
  id: 'e1',
  itemId: 'x',
  kind: 'azureResource',
  requestId: null,
  result: 'Approve',
  state: 'queued',
  message: null,
  attempts: 0,
  sendAt: '2026-01-05T12:00:05.000Z',
  undoable: true,
  undoBlocked: null,
  summary: { role: 'Owner', scope: 'Prod-Payments', requester: 'Ada Lovelace' },
  createdAt: '2026-01-05T12:00:00.000Z',
  updatedAt: '2026-01-05T12:00:00.000Z',
  ...over,
});
const at = (iso: string) => ({ now: Date.parse(iso), online: true });

describe('outcomeWords', () => {
  it('uses the verb the outbox recorded', () => {
    expect(outcomeWords(o('done'), 'Approve', 's', 'azureResource').text).toBe('Approved');
    expect(outcomeWords(o('done', 'ok'), 'Deny', 's', 'azureResource').text).toBe('Denied');
    expect(outcomeWords({ ...o('done'), recordedResult: 'Deny' }, 'Approve', 's', 'azureResource').text).toBe('Denied');
  });
  it('says a decision waits when offline, and passes on the undo window', () => {
    expect(outcomeWords(o('queued', 'Approval waiting to send (offline)'), 'Approve', 's', 'azureResource')).toMatchObject({ text: 'Waiting to send (offline)', tone: 'info' });
    expect(outcomeWords(o('queued'), 'Approve', 's', 'azureResource').text).toBe('Waiting to send (offline)');
    const undo = outcomeWords({ ...o('queued', 'Approval waits 5 s'), entryId: 'e1' }, 'Approve', 's', 'azureResource');
    expect(undo).toMatchObject({ text: 'Approval waits 5 s', entryId: 'e1' });
  });
  it('names who won a conflict when the core says so', () => {
    expect(outcomeWords(o('conflict', 'Already approved by Grace Hopper'), 'Approve', 's', 'azureResource').text).toBe('Already approved by Grace Hopper');
    expect(outcomeWords(o('conflict'), 'Approve', 's', 'azureResource').text).toBe('Already decided by another approver');
  });
  it('says what failed and what to do', () => {
    const w = outcomeWords(o('failed'), 'Approve', 's', 'azureResource');
    expect(w.tone).toBe('error');
    expect(w.offerPortal).toBe(true);
    expect(w.text).toMatch(/^Failed: .*Azure portal/);
    expect(outcomeWords(o('failed', 'Azure refused the decision (403): no.'), 'Approve', 's', 'azureResource').text).toBe('Failed: Azure refused the decision (403): no.');
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

describe('entryWords: one decision as its entry moves on', () => {
  it('waiting → sending → done, counting down the undo window', () => {
    expect(entryWords(entry({}), at('2026-01-05T12:00:00.500Z')).text).toBe('Approval waits 5 s');
    expect(entryWords(entry({ result: 'Deny' }), at('2026-01-05T12:00:04.100Z')).text).toBe('Denial waits 1 s');
    expect(entryWords(entry({}), at('2026-01-05T12:00:06.000Z')).text).toBe('Sending…');
    expect(entryWords(entry({ state: 'sending', attempts: 1, undoable: false }), at('2026-01-05T12:00:06.000Z')).text).toBe('Sending…');
    expect(entryWords(entry({ state: 'done', message: 'Approved' }), at('2026-01-05T12:00:07.000Z'))).toEqual({ text: 'Approved', tone: 'success', offerPortal: false });
  });
  it('offline, retrying, decided by someone else, failed', () => {
    expect(entryWords(entry({}), { now: 0, online: false }).text).toBe('Waiting to send (offline)');
    expect(entryWords(entry({ attempts: 2, message: 'ARM answered 503.', undoable: false }), at('2026-01-05T12:00:00.000Z')).text).toMatch(/^Sending again at .+ \(last try: ARM answered 503\)$/);
    expect(entryWords(entry({ state: 'conflict', message: 'Already approved by Sam Okafor' }), at('2026-01-05T12:00:00Z'))).toMatchObject({ text: 'Already approved by Sam Okafor', tone: 'warning' });
    expect(entryWords(entry({ state: 'failed', message: 'Azure refused the decision (403): no.' }), at('2026-01-05T12:00:00Z'))).toEqual({ text: 'Failed: Azure refused the decision (403): no.', tone: 'error', offerPortal: true });
  });
});

describe('liveWords', () => {
  const first = outcomeWords({ ...o('queued', 'Denial waits 5 s'), entryId: 'e1' }, 'Deny', 'Owner on Prod-Payments (subscription)', 'azureResource');
  it('replaces the first answer with the entry as it stands, and offers Undo only while it can work', () => {
    const conflict = liveWords(first, entry({ result: 'Deny', state: 'conflict', message: 'Already approved by Sam Okafor', undoable: false }), at('2026-01-05T12:00:07Z'));
    expect(conflict).toMatchObject({ text: 'Already approved by Sam Okafor', subject: 'Owner on Prod-Payments (subscription)', undoable: false, tone: 'warning' });
    expect(liveWords(first, entry({ result: 'Deny' }), at('2026-01-05T12:00:01Z'))).toMatchObject({ text: 'Denial waits 4 s', undoable: true });
    expect(liveWords(first, undefined, at('2026-01-05T12:00:01Z'))).toMatchObject({ text: 'Denial waits 5 s', undoable: false });
  });
  it('a refused change keeps saying what was decided, with where it stands', () => {
    const refused = outcomeWords({ itemId: 'x', outcome: 'refused', message: 'You already approved this; the approval waits to be sent — undo it first.', entryId: 'e1', recordedResult: 'Approve' }, 'Deny', 's', 'azureResource');
    expect(liveWords(refused, entry({}), at('2026-01-05T12:00:02Z')).text).toBe('You already approved this · Approval waits 3 s');
    expect(liveWords(refused, entry({ state: 'done', undoable: false }), at('2026-01-05T12:00:09Z'))).toMatchObject({ text: 'You already approved this · Approved', tone: 'warning' });
  });
});
