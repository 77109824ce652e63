/**
 * The poller's view of ARM through the tenant's shared rate budget: every read waits for a
 * token first, and a 429 pauses the budget for everyone (poller and outbox alike), so our
 * own traffic stays under ARM's limits instead of discovering them. Writes are not
 * wrapped here: the outbox takes its write tokens itself.
 */
import type { ArmApi, ArmResult } from '../arm/types';
import type { RateBudget } from '../outbox';

export interface Budgets {
  reads: RateBudget;
  writes: RateBudget;
}

export function budgetedReads(api: ArmApi, budgets: Budgets): ArmApi {
  async function read<T>(signal: AbortSignal | undefined, call: () => Promise<ArmResult<T>>): Promise<ArmResult<T>> {
    await budgets.reads.take(1, signal);
    const result = await call();
    if (!result.ok && result.error.kind === 'throttled') budgets.reads.pause(result.error.retryAfterMs ?? 1000);
    return result;
  }
  return {
    listScheduleRequests: (filter, signal) => read(signal, () => api.listScheduleRequests(filter, signal)),
    listApprovals: (filter, signal) => read(signal, () => api.listApprovals(filter, signal)),
    getApproval: (id, signal) => read(signal, () => api.getApproval(id, signal)),
    getStage: (id, signal) => read(signal, () => api.getStage(id, signal)),
    decide: (...args) => api.decide(...args),
  };
}
