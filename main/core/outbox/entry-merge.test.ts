import { describe, expect, it } from 'vitest';
import { moreAdvanced } from './entry-merge';
import { makeEntry } from '../../../test/kit/test-entries';

const queued = makeEntry({ state: 'queued', attempts: 0, updatedAt: 1_000 });
const sending = makeEntry({ state: 'sending', attempts: 1, updatedAt: 2_000 });
const retry = makeEntry({ state: 'queued', attempts: 1, updatedAt: 3_000, lastError: { message: 'timeout' } });
const done = makeEntry({ state: 'done', attempts: 1, updatedAt: 4_000, outcomeMessage: 'Approved' });

describe('moreAdvanced: the truer of two versions of one entry', () => {
  it('anything beats nothing', () => {
    expect(moreAdvanced(undefined, queued)).toBe(queued);
  });

  it('a final state beats a non-final one, whichever is older or has fewer attempts', () => {
    const oldDone = makeEntry({ state: 'done', attempts: 1, updatedAt: 10 });
    const laterSending = makeEntry({ state: 'sending', attempts: 2, updatedAt: 99_000 });
    expect(moreAdvanced(laterSending, oldDone)).toBe(oldDone);
    expect(moreAdvanced(oldDone, laterSending)).toBe(oldDone);
    const cancelled = makeEntry({ state: 'cancelled', attempts: 0, updatedAt: 5 });
    expect(moreAdvanced(queued, cancelled)).toBe(cancelled);
  });

  it('between non-final versions, more attempts wins over a later stamp', () => {
    const stampedLater = makeEntry({ state: 'queued', attempts: 1, updatedAt: 50_000 });
    const secondTry = makeEntry({ state: 'sending', attempts: 2, updatedAt: 40_000 });
    expect(moreAdvanced(stampedLater, secondTry)).toBe(secondTry);
    expect(moreAdvanced(secondTry, stampedLater)).toBe(secondTry);
  });

  it('between two finals, more attempts wins (a late cancel never hides a decision that was sent)', () => {
    const lateCancel = makeEntry({ state: 'cancelled', attempts: 0, updatedAt: 9_000 });
    expect(moreAdvanced(done, lateCancel)).toBe(done);
    expect(moreAdvanced(lateCancel, done)).toBe(done);
  });

  it('same attempts: the later updatedAt wins, in either order', () => {
    expect(moreAdvanced(sending, retry)).toBe(retry);
    expect(moreAdvanced(retry, sending)).toBe(retry);
    expect(moreAdvanced(queued, sending)).toBe(sending);
  });

  it('a full tie goes to the incoming version (a log replays in order, last line wins)', () => {
    const a = makeEntry({ state: 'queued', attempts: 1, updatedAt: 7 });
    const b = makeEntry({ state: 'sending', attempts: 1, updatedAt: 7 });
    expect(moreAdvanced(a, b)).toBe(b);
    expect(moreAdvanced(b, a)).toBe(a);
  });

  it('every legitimate history replays to its last version, from any starting point', () => {
    const life = [queued, sending, retry, makeEntry({ state: 'sending', attempts: 2, updatedAt: 3_500 }), done];
    for (let from = 0; from < life.length; from++) {
      let known: (typeof life)[number] | undefined;
      for (const v of life.slice(from)) known = moreAdvanced(known, v);
      expect(known).toBe(done);
      // Older versions read again afterwards (a log folded twice) change nothing.
      for (const v of life) known = moreAdvanced(known, v);
      expect(known).toBe(done);
    }
  });
});
