/**
 * Test data: a QueueItem with plausible values, overridable per field. Used by the poller,
 * notification and tray tests; holds no logic.
 */
import type { QueueItem } from '../../main/core/queue/queue-item';

export function queueItem(n: number | string, overrides: Partial<QueueItem> = {}): QueueItem {
  const id = `/providers/Microsoft.Authorization/roleAssignmentApprovals/a-${n}/stages/s-${n}`;
  return {
    id,
    kind: 'azureResource',
    accountId: 'acct-1',
    approvalId: `/providers/Microsoft.Authorization/roleAssignmentApprovals/a-${n}`,
    requestId: `/providers/Microsoft.Authorization/roleAssignmentScheduleRequests/r-${n}`,
    requestName: `r-${n}`,
    requestType: 'SelfActivate',
    requester: { id: 'p-ada', displayName: 'Ada Lovelace', upn: 'ada@contoso.example' },
    role: { id: 'role-owner', displayName: 'Owner' },
    scope: { id: '/subscriptions/sub-1', displayName: 'Prod-Payments', type: 'subscription' },
    justification: 'Deploy hotfix INC-42',
    ticket: { number: null, system: null },
    createdOn: '2026-01-05T08:00:00.000Z',
    expiresAt: '2026-01-06T08:00:00.000Z',
    startsAt: null,
    duration: 'PT2H',
    stage: { index: 1, count: 1, status: 'InProgress' },
    actionable: true,
    ...overrides,
  };
}
