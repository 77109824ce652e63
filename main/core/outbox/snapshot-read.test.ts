/**
 * readSnapshot on hand-made snapshot texts: a file that is not a snapshot is refused as a
 * whole, and a bad entry is named by a safe id (or its position) with a reason that shows
 * field names and plain enum values only — never free text such as a justification.
 */
import { describe, expect, it } from 'vitest';
import { encodeLine } from './journal-lines';
import { readSnapshot } from './snapshot-read';
import { makeEntry } from '../../../test/kit/test-entries';

describe('readSnapshot', () => {
  it('a checksummed line that is not { seq, entries } is not a snapshot', () => {
    for (const body of [null, { entries: [] }, { seq: '1', entries: [] }, { seq: 1 }, { seq: 1, entries: {} }]) {
      expect(readSnapshot(encodeLine(body))).toEqual({ ok: false, reason: 'snapshot does not hold outbox entries' });
    }
  });

  it('good entries are kept; a bad one is named by its plain id or else its position', () => {
    const good = makeEntry({ id: 'good-1' });
    const read = readSnapshot(
      encodeLine({
        seq: 7,
        entries: [good, { ...good, id: 'bad-2', state: 'paused' }, { ...good, id: 'has a space', state: 'paused' }, { ...good, id: 'x'.repeat(65), state: 'paused' }, { ...good, id: 42, state: 'paused' }],
      }),
    );
    expect(read).toMatchObject({ ok: true, seq: 7, entries: [{ id: 'good-1' }] });
    expect(read.ok && read.unreadable.map((u) => u.entryId)).toEqual(['bad-2', '#3', '#4', '#5']);
  });

  it('the reason names the state when it is a plain word, the field otherwise, and never free text', () => {
    const good = makeEntry({ id: 'e' });
    const { stageId: _dropped, ...noStage } = good;
    const read = readSnapshot(encodeLine({ seq: 1, entries: [{ ...good, state: 'paused' }, { ...good, state: 'secret words here' }, noStage, 42, [good], null] }));
    expect(read.ok && read.unreadable.map((u) => u.reason)).toEqual([
      "not an outbox entry (state 'paused')",
      'not an outbox entry (state)',
      'not an outbox entry (stageId)',
      'not an outbox entry',
      'not an outbox entry',
      'not an outbox entry',
    ]);
  });
});
