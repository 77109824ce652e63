/**
 * A decision sink that sends at once through the item's own client (ARM or Graph) and keeps this run's history
 * in memory. Not durable: the app uses the outbox; this serves tests and tools that want
 * the plain round trip. Never logs or stores justifications in its history.
 */
import type { DecisionOutcome, OutboxEntryDto, QueueItemDto, ReviewResult } from '../model/state';
import type { ArmError, DecideOutcome } from '../arm/types';
import type { Clock } from '../clock';
import { classifyError, describeOutcome } from '../outbox/classify';
import type { AccountSession, DecisionSink } from './app-core';
import { sessionServices } from '../services/registry';

/** Sent at once, so a transient failure is reported rather than retried. */
function failure(itemId: string, error: ArmError): DecisionOutcome {
  const c = classifyError(error);
  if (c.kind === 'expired') return { itemId, outcome: 'expired', message: c.message };
  if (c.kind === 'failed') return { itemId, outcome: 'failed', message: c.message };
  if (c.kind === 'signed-out') return { itemId, outcome: 'failed', message: 'Azure no longer accepts the sign-in; sign in again and decide again.' };
  return { itemId, outcome: 'failed', message: `The decision could not be sent (${error.message}). Try again.` };
}

/** The outcome in the words the outbox uses too ("Already approved by Grace Hopper"). */
function describeDecideOutcome(itemId: string, result: ReviewResult, done: DecideOutcome): DecisionOutcome {
  return { itemId, outcome: done.outcome, message: describeOutcome(done, result).message };
}

function noRoute(): { ok: false; error: ArmError } {
  return { ok: false, error: { kind: 'http', message: 'This kind of request cannot be decided in this session.' } };
}

export function createDirectDecisions(session: Pick<AccountSession, 'api' | 'graph'>, clock: Clock): DecisionSink {
  const services = sessionServices(session);
  const history: OutboxEntryDto[] = [];
  const listeners = new Set<() => void>();
  let inFlight = 0;
  const changed = () => listeners.forEach((l) => l());

  return {
    async submit(item: QueueItemDto, result, justification) {
      const route = services.of(item.kind);
      inFlight++;
      changed();
      const sent = await (route ? route.decide(item.id, result, justification) : Promise.resolve(noRoute())).finally(() => inFlight--);
      const outcome: DecisionOutcome = { ...(sent.ok ? describeDecideOutcome(item.id, result, sent.value) : failure(item.id, sent.error)), recordedResult: result };
      const at = new Date(clock.now()).toISOString();
      history.unshift({
        id: `${item.id}#${history.length + 1}`,
        itemId: item.id,
        kind: item.kind,
        requestId: item.requestId,
        result,
        // The direct sink has no journal to refuse from; 'refused' cannot come from describeDecideOutcome.
        state: outcome.outcome === 'refused' ? 'failed' : outcome.outcome,
        message: outcome.message,
        // Sent at once: one try, nothing left to undo.
        attempts: 1,
        sendAt: null,
        undoable: false,
        undoBlocked: null,
        summary: { role: item.role.displayName, scope: item.scope.displayName, requester: item.requester.displayName, ...(item.access ? { access: item.access } : {}) },
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
