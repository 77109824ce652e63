/**
 * A decision sink that sends at once through the ARM client and keeps this run's history
 * in memory. Not durable: the app uses the outbox; this serves tests and tools that want
 * the plain round trip. Never logs or stores justifications in its history.
 */
import type { DecisionOutcome, OutboxEntryDto, QueueItemDto, ReviewResult } from '../../../preload/api';
import type { ArmApi, DecideOutcome } from '../arm/types';
import type { Clock } from '../clock';
import type { DecisionSink } from './app-core';

/** The outcome in the words ux.md asks for ("Already approved by Grace Hopper"). */
export function describeDecideOutcome(itemId: string, result: ReviewResult, done: DecideOutcome): DecisionOutcome {
  if (done.outcome === 'done') return { itemId, outcome: 'done', message: result === 'Approve' ? 'Approved' : 'Denied' };
  if (done.outcome === 'conflict') {
    const by = done.stage.reviewedBy?.displayName || 'another approver';
    const verb = done.stage.reviewResult === 'Deny' ? 'denied' : 'approved';
    return { itemId, outcome: 'conflict', message: `Already ${verb} by ${by}` };
  }
  return { itemId, outcome: 'expired', message: 'Expired before it could be sent' };
}

export function createDirectDecisions(api: ArmApi, clock: Clock): DecisionSink {
  const history: OutboxEntryDto[] = [];
  const listeners = new Set<() => void>();
  let inFlight = 0;
  const changed = () => listeners.forEach((l) => l());

  return {
    async submit(item: QueueItemDto, result, justification) {
      inFlight++;
      changed();
      const sent = await api.decide(item.id, result, justification).finally(() => inFlight--);
      const outcome: DecisionOutcome = sent.ok
        ? describeDecideOutcome(item.id, result, sent.value)
        : { itemId: item.id, outcome: 'failed', message: `Azure refused the decision${sent.error.status ? ` (${sent.error.status})` : ''}: ${sent.error.message}` };
      const at = new Date(clock.now()).toISOString();
      history.unshift({
        id: `${item.id}#${history.length + 1}`,
        itemId: item.id,
        requestId: item.requestId,
        result,
        state: outcome.outcome,
        message: outcome.message,
        summary: { role: item.role.displayName, scope: item.scope.displayName, requester: item.requester.displayName },
        createdAt: at,
        updatedAt: at,
      });
      changed();
      return outcome;
    },
    list: async () => history.slice(),
    pending: () => inFlight,
    sending: () => inFlight,
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
