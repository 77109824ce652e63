/**
 * The poller's view of ARM through the tenant's shared rate budget: every read waits for a
 * token first, and a 429 pauses the budget for everyone (poller and outbox alike), so our
 * own traffic stays under ARM's limits instead of discovering them. Each read the poller
 * makes has a deadline: a check that hangs is reported as failed after `readDeadlineMs`
 * (the poller retries on its own schedule) instead of after the client's retries of 30 s
 * timeouts, so the window says so at once. Writes are not wrapped here: the outbox takes
 * its write tokens itself and never gives up on a write that may be in flight.
 */
import type { ArmApi, ArmResult } from '../arm/types';
import type { RateBudget } from '../outbox';
import type { GraphSession } from '../services/graph-session';
import { POLL_READ_DEADLINE_MS } from '../poller/queue-poll';

export interface Budgets {
  reads: RateBudget;
  writes: RateBudget;
  /** Microsoft Graph's own budget: Graph polls and decisions draw from it, never from ARM's. */
  graph?: { reads: RateBudget; writes: RateBudget };
}

export function budgetedReads(api: ArmApi, budgets: Budgets, readDeadlineMs = POLL_READ_DEADLINE_MS): ArmApi {
  async function read<T>(signal: AbortSignal | undefined, call: (signal: AbortSignal) => Promise<ArmResult<T>>): Promise<ArmResult<T>> {
    await budgets.reads.take(1, signal);
    const deadline = AbortSignal.timeout(readDeadlineMs);
    const result = await call(signal ? AbortSignal.any([signal, deadline]) : deadline);
    if (!result.ok && result.error.kind === 'throttled') budgets.reads.pause(result.error.retryAfterMs ?? 1000);
    if (!result.ok && deadline.aborted && !signal?.aborted) {
      return { ok: false, error: { kind: 'timeout', message: `Azure did not answer within ${Math.ceil(readDeadlineMs / 1000)} s.` } };
    }
    return result;
  }
  return {
    listScheduleRequests: (filter, signal) => read(signal, (s) => api.listScheduleRequests(filter, s)),
    listApprovals: (filter, signal) => read(signal, (s) => api.listApprovals(filter, s)),
    getApproval: (id, signal) => read(signal, (s) => api.getApproval(id, s)),
    getStage: (id, signal) => read(signal, (s) => api.getStage(id, s)),
    decide: (...args) => api.decide(...args),
  };
}

/**
 * The poller's view of Microsoft Graph through Graph's own budget: every read takes a Graph
 * token first and a 429 pauses Graph's budget (never ARM's). Decisions draw from the same
 * budget through the outbox (the session carries it to the Graph services).
 */
export function budgetedGraph(graph: GraphSession, budgets: { reads: RateBudget; writes: RateBudget }): GraphSession {
  const { api } = graph;
  async function read<T>(signal: AbortSignal | undefined, call: (signal: AbortSignal | undefined) => Promise<ArmResult<T>>): Promise<ArmResult<T>> {
    await budgets.reads.take(1, signal);
    const result = await call(signal);
    if (!result.ok && result.error.kind === 'throttled') budgets.reads.pause(result.error.retryAfterMs ?? 1000);
    return result;
  }
  return {
    ...graph,
    budgets,
    api: {
      ...api,
      listPending: (kind, signal) => read(signal, (s) => api.listPending(kind, s)),
      getApproval: (kind, id, signal) => read(signal, (s) => api.getApproval(kind, id, s)),
      getStage: (path, signal) => read(signal, (s) => api.getStage(path, s)),
      listMine: (kind, signal) => read(signal, (s) => api.listMine(kind, s)),
    },
  };
}
