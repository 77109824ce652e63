/**
 * Builders for outbox entries used by this folder's tests (plain data, no behaviour),
 * so each test states only the fields it is about.
 */
import type { EntryState, NewDecision, OutboxEntry } from '../../main/core/outbox/types';

export function makeEntry(over: Partial<OutboxEntry> = {}): OutboxEntry {
  return {
    id: 'e1',
    accountId: 'acc',
    kind: 'azureResource',
    stageId: '/providers/Microsoft.Authorization/roleAssignmentApprovals/a1/stages/s1',
    request: { role: 'Owner', scope: 'Prod-Payments', requester: 'Ada Lovelace' },
    result: 'Approve',
    justification: 'secret words',
    createdAt: 1_000,
    updatedAt: 1_000,
    notBefore: 1_000,
    attempts: 0,
    state: 'queued' as EntryState,
    outcomeMessage: null,
    decidedBy: null,
    lastError: null,
    requestIds: [],
    ...over,
  };
}

export function makeDecision(over: Partial<NewDecision> = {}): NewDecision {
  return {
    accountId: 'acc',
    stageId: '/providers/Microsoft.Authorization/roleAssignmentApprovals/a1/stages/s1',
    request: { role: 'Owner', scope: 'Prod-Payments', requester: 'Ada Lovelace' },
    result: 'Approve',
    justification: 'secret words',
    ...over,
  };
}
