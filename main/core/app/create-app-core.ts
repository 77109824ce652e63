/**
 * Builds the AppCore: keeps the one AppState, runs a poll on demand, routes decisions to
 * the source and tells listeners about every change. The poller and outbox plug in here;
 * surfaces (Electron, preview) only call the handlers and listen.
 */
import type { AppState, DecisionOutcome } from '../../../preload/api';
import type { AppCore, AppCoreOptions } from './app-core';

export function createAppCore(options: AppCoreOptions): AppCore {
  const now = options.now ?? Date.now;
  const listeners = new Set<(s: AppState) => void>();
  let state: AppState = {
    mode: options.mode,
    connection: options.source ? 'starting' : 'signed-out',
    account: options.source?.account ?? null,
    queue: [],
    lastCheckedAt: null,
    problem: null,
    sync: { pending: 0, busy: false },
  };
  let inFlight: Promise<AppState> | null = null;

  function set(next: Partial<AppState>): AppState {
    state = { ...state, ...next };
    for (const listener of listeners) listener(state);
    return state;
  }

  /** Polls once; a poll already under way is joined rather than doubled. */
  function refresh(): Promise<AppState> {
    const source = options.source;
    if (!source) return Promise.resolve(state);
    inFlight ??= (async () => {
      try {
        const result = await source.poll();
        if (result.ok) {
          return set({ queue: result.items, connection: 'online', problem: null, lastCheckedAt: new Date(now()).toISOString() });
        }
        return set({ connection: result.connection, problem: result.problem });
      } finally {
        inFlight = null;
      }
    })();
    return inFlight;
  }

  async function decide(itemIds: string[], result: 'Approve' | 'Deny', justification: string): Promise<DecisionOutcome[]> {
    const source = options.source;
    const outcomes: DecisionOutcome[] = [];
    for (const itemId of itemIds) {
      const item = state.queue.find((i) => i.id === itemId);
      if (!source || !item) {
        outcomes.push({ itemId, outcome: 'failed', message: 'This request is no longer in the queue.' });
        continue;
      }
      if (!item.actionable) {
        outcomes.push({ itemId, outcome: 'failed', message: 'This request cannot be decided here. Open it in the Azure portal.' });
        continue;
      }
      set({ sync: { ...state.sync, busy: true } });
      outcomes.push(await source.decide(item, result, justification));
    }
    const settled = new Set(outcomes.filter((o) => o.outcome !== 'failed' && o.outcome !== 'queued').map((o) => o.itemId));
    set({ queue: state.queue.filter((i) => !settled.has(i.id)), sync: { ...state.sync, busy: false } });
    return outcomes;
  }

  return {
    handlers: {
      'state:get': async () => state,
      'queue:refresh': () => refresh(),
      'decision:submit': ({ itemIds, result, justification }) => decide(itemIds, result, justification),
      'link:open': async ({ url }) => ({ opened: await options.openExternal(url) }),
    },
    state: () => state,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async start() {
      await refresh();
    },
    async stop() {
      listeners.clear();
      await inFlight;
    },
  };
}
