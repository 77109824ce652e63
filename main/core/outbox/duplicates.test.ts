import { describe, expect, it } from 'vitest';
import { duplicatesToCancel } from './duplicates';
import { makeEntry } from '../../../test/kit/test-entries';

const stage = '/providers/Microsoft.Authorization/roleAssignmentApprovals/a1/stages/s1';
const ids = (es: { id: string }[]) => es.map((e) => e.id).sort();

describe('duplicatesToCancel', () => {
  it('two entries for one stage in different casing: the newer one is the duplicate', () => {
    const older = makeEntry({ id: 'old', stageId: stage, createdAt: 1_000 });
    const newer = makeEntry({ id: 'new', stageId: stage.toUpperCase(), accountId: 'ACC', createdAt: 2_000 });
    expect(ids(duplicatesToCancel([newer, older]))).toEqual(['new']);
  });

  it('opposite verbs: the oldest still wins', () => {
    const older = makeEntry({ id: 'old', result: 'Deny', createdAt: 1_000 });
    const newer = makeEntry({ id: 'new', result: 'Approve', createdAt: 2_000 });
    expect(ids(duplicatesToCancel([older, newer]))).toEqual(['new']);
  });

  it('an older final holder (done) still holds the stage', () => {
    const done = makeEntry({ id: 'old', state: 'done', attempts: 1, createdAt: 1_000 });
    const newer = makeEntry({ id: 'new', createdAt: 2_000 });
    expect(ids(duplicatesToCancel([done, newer]))).toEqual(['new']);
  });

  it('a newer entry that was attempted is left alone: it may have reached Azure', () => {
    const older = makeEntry({ id: 'old', createdAt: 1_000 });
    const sending = makeEntry({ id: 'sending', state: 'sending', attempts: 1, createdAt: 2_000 });
    const retried = makeEntry({ id: 'retried', state: 'queued', attempts: 1, createdAt: 3_000 });
    const fresh = makeEntry({ id: 'fresh', createdAt: 4_000 });
    expect(ids(duplicatesToCancel([older, sending, retried, fresh]))).toEqual(['fresh']);
  });

  it('cancelled and failed entries no longer hold the stage, so a later decision is no duplicate', () => {
    const cancelled = makeEntry({ id: 'c', state: 'cancelled', createdAt: 1_000 });
    const failed = makeEntry({ id: 'f', state: 'failed', attempts: 1, createdAt: 1_500 });
    const redo = makeEntry({ id: 'redo', createdAt: 2_000 });
    expect(duplicatesToCancel([cancelled, failed, redo])).toEqual([]);
  });

  it('other stages and other accounts are separate decisions', () => {
    const a = makeEntry({ id: 'a', createdAt: 1_000 });
    const otherStage = makeEntry({ id: 'b', stageId: `${stage}x`, createdAt: 2_000 });
    const otherAccount = makeEntry({ id: 'c', accountId: 'someone-else', createdAt: 3_000 });
    expect(duplicatesToCancel([a, otherStage, otherAccount])).toEqual([]);
  });

  it('same createdAt: every process picks the same winner (lowest id)', () => {
    const x = makeEntry({ id: 'x', createdAt: 1_000 });
    const y = makeEntry({ id: 'y', createdAt: 1_000 });
    expect(ids(duplicatesToCancel([y, x]))).toEqual(['y']);
    expect(ids(duplicatesToCancel([x, y]))).toEqual(['y']);
  });

  it('a newer holder that was already tried (or is being sent) is not cancelled: it may have reached Azure', () => {
    const older = makeEntry({ id: 'old', createdAt: 1_000 });
    const sending = makeEntry({ id: 'sending', state: 'sending', attempts: 1, createdAt: 2_000 });
    const retried = makeEntry({ id: 'retried', state: 'queued', attempts: 1, createdAt: 3_000 });
    const fresh = makeEntry({ id: 'fresh', createdAt: 4_000 });
    expect(ids(duplicatesToCancel([older, sending, retried, fresh]))).toEqual(['fresh']);
  });
});
