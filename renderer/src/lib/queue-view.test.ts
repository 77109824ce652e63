import { describe, expect, it } from 'vitest';
import type { QueueItemDto } from '../../../preload/api';
import { applyFilter, byTimeLeft, filterChoices, NO_FILTER } from './queue-view';

function item(id: string, expiresAt: string, over: Partial<QueueItemDto> = {}): QueueItemDto {
  return {
    id,
    kind: 'azureResource',
    accountId: 'a',
    approvalId: 'ap',
    requestId: `req-${id}`,
    requestType: 'SelfActivate',
    requester: { id: 'u1', displayName: 'Ada Lovelace', upn: 'ada@contoso.com' },
    role: { id: 'r1', displayName: 'Owner' },
    scope: { id: '/subscriptions/1', displayName: 'Prod-Payments', type: 'subscription' },
    justification: 'Deploy hotfix INC-42',
    ticket: { number: 'INC-42', system: 'ServiceNow' },
    createdOn: '2026-11-23T10:00:00Z',
    expiresAt,
    startsAt: null,
    duration: 'PT2H',
    stage: { index: 1, count: 1, status: 'InProgress' },
    actionable: true,
    ...over,
  };
}

const items = [
  item('b', '2026-11-24T10:00:00Z'),
  item('a', '2026-11-24T09:00:00Z', { role: { id: 'r2', displayName: 'Reader' }, requester: { id: 'u2', displayName: 'Grace Hopper', upn: null } }),
  item('c', 'garbage'),
];

describe('queue view', () => {
  it('sorts by time left, unreadable expiry last', () => {
    expect(byTimeLeft(items).map((i) => i.id)).toEqual(['a', 'b', 'c']);
  });
  it('filters by text across names, scope and justification, all words must match', () => {
    expect(applyFilter(items, { ...NO_FILTER, text: 'grace' }).map((i) => i.id)).toEqual(['a']);
    expect(applyFilter(items, { ...NO_FILTER, text: 'hotfix owner' }).map((i) => i.id)).toEqual(['b', 'c']);
    expect(applyFilter(items, { ...NO_FILTER, text: 'prod-payments (subscription)' })).toHaveLength(3);
  });
  it('filters by role, scope and requester', () => {
    expect(applyFilter(items, { ...NO_FILTER, role: 'Reader' }).map((i) => i.id)).toEqual(['a']);
    expect(applyFilter(items, { ...NO_FILTER, requester: 'u1' }).map((i) => i.id)).toEqual(['b', 'c']);
    expect(applyFilter(items, { ...NO_FILTER, scope: '/subscriptions/2' })).toEqual([]);
  });
  it('offers each filter value once, sorted', () => {
    const c = filterChoices(items);
    expect(c.roles.map((r) => r.label)).toEqual(['Owner', 'Reader']);
    expect(c.scopes).toEqual([{ value: '/subscriptions/1', label: 'Prod-Payments (subscription)' }]);
    expect(c.requesters.map((r) => r.label)).toEqual(['Ada Lovelace', 'Grace Hopper']);
  });
});
