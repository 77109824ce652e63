import { describe, expect, it } from 'vitest';
import type { OutboxEntryDto } from '../model/state';
import { createDecisionFollower } from './decision-follower';

const entry = (id: string, state: OutboxEntryDto['state'], message: string | null = null): OutboxEntryDto => ({
  id,
  itemId: `stage-${id}`,
  kind: 'azureResource',
  requestId: null,
  result: 'Approve',
  state,
  message,
  attempts: state === 'queued' ? 0 : 1,
  sendAt: null,
  undoable: state === 'queued',
  undoBlocked: null,
  summary: { role: 'Owner', scope: 'Prod-Payments', requester: 'Ada Lovelace' },
  createdAt: '2026-01-05T12:00:00.000Z',
  updatedAt: '2026-01-05T12:00:00.000Z',
});

describe('decision follower', () => {
  it('announces a failure once, never the failures that were there when it started', () => {
    const follower = createDecisionFollower();
    expect(follower.update([entry('old', 'failed', 'old news')])).toEqual([]);
    expect(follower.update([entry('a', 'queued'), entry('old', 'failed')])).toEqual([]);
    const shown = follower.update([entry('a', 'failed', 'Azure refused the decision (403): no access.'), entry('old', 'failed')]);
    expect(shown).toEqual([
      { id: 'pim-approvals:outcome:stage-a', title: 'Not sent — Owner on Prod-Payments', body: 'Azure refused the decision (403): no access.', actions: [], reply: false, sticky: true },
    ]);
    expect(follower.update([entry('a', 'failed', 'Azure refused the decision (403): no access.')])).toEqual([]);
  });

  it('replaces the confirmation of a watched decision once it settles', () => {
    const follower = createDecisionFollower();
    follower.update([]);
    follower.watch('b');
    expect(follower.update([entry('b', 'sending')])).toEqual([]);
    expect(follower.update([entry('b', 'conflict', 'Already approved by Sam Okafor')]).map((n) => n.title)).toEqual(['Already approved by Sam Okafor — Owner on Prod-Payments']);
    expect(follower.update([entry('b', 'conflict', 'Already approved by Sam Okafor')])).toEqual([]);
    follower.watch('c');
    expect(follower.update([entry('c', 'done')]).map((n) => n.title)).toEqual(['Approved — Owner on Prod-Payments']);
  });
});

describe('decision follower with several accounts', () => {
  it('names the entry’s tenant first when tenants are named', () => {
    const follower = createDecisionFollower();
    follower.update([]);
    const failed = { ...entry('c', 'failed', 'Azure refused the decision (403): no access.'), accountId: 'me.t-f', tenantName: 'Fabrikam' };
    expect(follower.update([failed], true).map((n) => n.title)).toEqual(['Not sent — Fabrikam · Owner on Prod-Payments']);
  });
});
