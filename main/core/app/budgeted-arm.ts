/**
 * The poller's view of ARM through the tenant's shared rate budget: every read is charged
 * per HTTP attempt (each page, each retry), and a 429 pauses the budget for everyone
 * (poller and outbox alike), so our own traffic stays under ARM's limits instead of
 * discovering them. Each read the poller
 * makes has a deadline: a check that hangs is reported as failed after `readDeadlineMs`
 * (the poller retries on its own schedule) instead of after the client's retries of 30 s
 * timeouts, so the window says so at once. Writes are not wrapped here: the outbox charges
 * its decisions' calls itself (a meter per decision) and never gives up on a write that
 * may be in flight.
 */
import type { ArmApi, ArmResult, CallMeter } from '../arm/types';
import type { RateBudget } from '../outbox';
import type { GraphSession } from '../services/graph-session';
import { POLL_READ_DEADLINE_MS } from '../poller/queue-poll';

export interface Budgets {
  reads: RateBudget;
  writes: RateBudget;
  /** Microsoft Graph's own budget: Graph polls and decisions draw from it, never from ARM's. */
  graph?: { reads: RateBudget; writes: RateBudget };
}

/**
 * One poll read, charged per HTTP attempt (each page, each retry): its first token is taken
 * before `call` starts, so waiting for the budget is never mistaken for a read that got no
 * answer; every further attempt is charged as it is sent. A 429 pauses the reads at once,
 * for its Retry-After or 1 s when it names none.
 */
async function chargedRead<T>(
  budgets: { reads: RateBudget; writes: RateBudget },
  signal: AbortSignal | undefined,
  call: (meter: CallMeter) => Promise<ArmResult<T>>,
): Promise<ArmResult<T>> {
  await budgets.reads.take(1, signal);
  let prepaid = true;
  const meter: CallMeter = {
    charge(operation, s) {
      if (prepaid && operation === 'read') {
        prepaid = false;
        return Promise.resolve();
      }
      return (operation === 'read' ? budgets.reads : budgets.writes).take(1, s);
    },
    throttled: (retryAfterMs) => budgets.reads.pause(retryAfterMs ?? 1000),
  };
  return call(meter);
}

export function budgetedReads(api: ArmApi, budgets: Budgets, readDeadlineMs = POLL_READ_DEADLINE_MS): ArmApi {
  async function read<T>(signal: AbortSignal | undefined, call: (signal: AbortSignal, meter: CallMeter) => Promise<ArmResult<T>>): Promise<ArmResult<T>> {
    let deadline: AbortSignal | undefined;
    const result = await chargedRead(budgets, signal, (meter) => {
      deadline = AbortSignal.timeout(readDeadlineMs);
      return call(signal ? AbortSignal.any([signal, deadline]) : deadline, meter);
    });
    if (!result.ok && deadline?.aborted && !signal?.aborted) {
      return { ok: false, error: { kind: 'timeout', message: `Azure did not answer within ${Math.ceil(readDeadlineMs / 1000)} s.` } };
    }
    return result;
  }
  return {
    listScheduleRequests: (filter, signal) => read(signal, (s, m) => api.listScheduleRequests(filter, s, m)),
    listApprovals: (filter, signal) => read(signal, (s, m) => api.listApprovals(filter, s, m)),
    getApproval: (id, signal) => read(signal, (s, m) => api.getApproval(id, s, m)),
    getStage: (id, signal) => read(signal, (s, m) => api.getStage(id, s, m)),
    decide: (...args) => api.decide(...args),
  };
}

/**
 * The poller's view of Microsoft Graph through Graph's own budget: every read is charged to
 * Graph's budget per attempt and a 429 pauses Graph's budget (never ARM's). Decisions draw
 * from the same budget through the outbox (the session carries it to the Graph services).
 */
export function budgetedGraph(graph: GraphSession, budgets: { reads: RateBudget; writes: RateBudget }): GraphSession {
  const { api } = graph;
  return {
    ...graph,
    budgets,
    api: {
      ...api,
      listPending: (kind, signal) => chargedRead(budgets, signal, (m) => api.listPending(kind, signal, m)),
      getApproval: (kind, id, signal) => chargedRead(budgets, signal, (m) => api.getApproval(kind, id, signal, m)),
      getStage: (path, signal) => chargedRead(budgets, signal, (m) => api.getStage(path, signal, m)),
      listMine: (kind, signal) => chargedRead(budgets, signal, (m) => api.listMine(kind, signal, m)),
    },
  };
}
