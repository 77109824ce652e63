import { describe, expect, it } from 'vitest';
import { diffQueue, isEmptyDiff } from './diff-queue';
import type { QueueItem } from './queue-item';

function item(id: string, overrides: Partial<QueueItem> = {}): QueueItem {
  return {
    id,
    kind: 'azureResource',
    accountId: 'a',
    approvalId: `ap-${id}`,
    requestId: `r-${id}`,
    requestName: id,
    requestType: 'SelfActivate',
    requester: { id: 'u', displayName: 'Ada', upn: null },
    role: { id: 'role', displayName: 'Reader' },
    scope: { id: '/s', displayName: 'S', type: 'subscription' },
    justification: null,
    ticket: { number: null, system: null },
    createdOn: '2026-01-05T08:00:00Z',
    expiresAt: '2026-01-06T08:00:00Z',
    startsAt: null,
    duration: null,
    stage: { index: 1, count: 1, status: 'InProgress' },
    actionable: true,
    ...overrides,
  };
}

describe('diffQueue', () => {
  it('is empty for identical queues, in any order', () => {
    const diff = diffQueue([item('a'), item('b')], [item('b'), item('a')]);
    expect(diff).toEqual({ added: [], removed: [], changed: [] });
    expect(isEmptyDiff(diff)).toBe(true);
  });

  it('reports added and removed by id', () => {
    const diff = diffQueue([item('a'), item('b')], [item('b'), item('c')]);
    expect(diff.added.map((i) => i.id)).toEqual(['c']);
    expect(diff.removed.map((i) => i.id)).toEqual(['a']);
    expect(diff.changed).toEqual([]);
    expect(isEmptyDiff(diff)).toBe(false);
  });

  it.each<[string, Partial<QueueItem>]>([
    ['a top-level field', { justification: 'new' }],
    ['a nested field', { requester: { id: 'u', displayName: 'Ada L.', upn: null } }],
    ['the stage status', { stage: { index: 1, count: 1, status: 'Escalated' } }],
    ['actionable', { actionable: false }],
    ['null vs value', { ticket: { number: 'T', system: null } }],
  ])('reports a change in %s with the new version', (_label, overrides) => {
    const diff = diffQueue([item('a')], [item('a', overrides)]);
    expect(diff.changed).toEqual([item('a', overrides)]);
    expect(diff.added).toEqual([]);
    expect(diff.removed).toEqual([]);
  });

  it('handles empty sides', () => {
    expect(diffQueue([], [item('a')]).added).toHaveLength(1);
    expect(diffQueue([item('a')], []).removed).toHaveLength(1);
    expect(diffQueue([], [])).toEqual({ added: [], removed: [], changed: [] });
  });
});
