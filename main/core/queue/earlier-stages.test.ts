import { describe, expect, it } from 'vitest';
import type { Approval, ApprovalStage } from '../net/types';
import { earlierStages } from './earlier-stages';

const stage = (over: Partial<ApprovalStage>): ApprovalStage => ({
  id: 's',
  name: 's',
  displayName: null,
  status: 'NotStarted',
  reviewResult: 'NotReviewed',
  assignedToMe: false,
  reviewedBy: null,
  reviewedDateTime: null,
  justification: null,
  ...over,
});

describe('earlierStages', () => {
  const approval: Approval = {
    id: 'a',
    name: 'a',
    stages: [
      stage({ displayName: 'Team lead', status: 'Completed', reviewResult: 'Approve', reviewedBy: { id: 'p', displayName: 'Sam Okafor', type: 'User', email: 'sam@x' }, reviewedDateTime: '2026-01-05T10:00:00Z', justification: 'Scheduled ceremony' }),
      stage({ displayName: null, status: 'Completed', reviewResult: 'Approve', reviewedBy: { id: 'q', displayName: '', type: 'User', email: 'kim@x' }, justification: '  ' }),
      stage({ displayName: 'Security', status: 'InProgress', assignedToMe: true }),
      stage({ displayName: 'Compliance' }),
    ],
  };
  it('lists the stages before mine with reviewer, verdict and words, none after', () => {
    expect(earlierStages(approval, 2)).toEqual([
      { name: 'Team lead', reviewer: 'Sam Okafor', result: 'Approve', status: 'Completed', justification: 'Scheduled ceremony', reviewedAt: '2026-01-05T10:00:00Z' },
      // No display name: the UPN; blank words are no words.
      { name: null, reviewer: 'kim@x', result: 'Approve', status: 'Completed', justification: null, reviewedAt: null },
    ]);
    expect(earlierStages(approval, 0)).toEqual([]);
  });
});
