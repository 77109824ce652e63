/**
 * Builds the AppCore: keeps the one AppState, runs the poller for the signed-in account,
 * routes decisions to the account's decision sink (the outbox), keeps settings, and tells
 * listeners about every change. Surfaces (Electron, preview) only call the handlers,
 * feed OS events in and listen.
 */
import type { AppState, DecisionOutcome, MyRequestDto, Settings } from '../../../preload/api';
import { initialKinds, queuePoll, type QueuePoll } from '../poller/queue-poll';
import { createPoller, type Poller } from '../poller/poller';
import { statePatchFromPoll } from '../poller/poll-state';
import { DEFAULT_SETTINGS } from '../settings/settings-store';
import type { AccountSession, AppCore, AppCoreOptions, DecisionSink, FocusRequest } from './app-core';
import { toMyRequest } from './my-requests';
import { budgetedReads, type Budgets } from './budgeted-arm';
import { ARM_TENANT_LIMITS, createRateBudget } from '../outbox';

export function createAppCore(options: AppCoreOptions): AppCore {
  const { clock } = options;
  const listeners = new Set<(s: AppState) => void>();
  const focusListeners = new Set<(r: FocusRequest) => void>();
  let settings: Settings = structuredClone(DEFAULT_SETTINGS);
  let session: AccountSession | null = null;
  let sink: DecisionSink | null = null;
  let poller: Poller | null = null;
  let kindsPoll: QueuePoll | null = null;
  const disposers: Array<() => void> = [];
  let state: AppState = {
    mode: options.mode,
    connection: options.session ? 'starting' : 'signed-out',
    account: options.session?.account ?? null,
    queue: [],
    lastCheckedAt: null,
    problem: null,
    sync: { pending: 0, busy: false },
    signIn: { status: 'idle', message: null },
    kinds: initialKinds(!!options.session?.graph),
  };

  function set(next: Partial<AppState>): AppState {
    state = { ...state, ...next };
    for (const listener of listeners) listener(state);
    return state;
  }

  async function attach(next: AccountSession): Promise<void> {
    session = next;
    // One budget per tenant session, shared by the poller's reads and the outbox.
    const budgets: Budgets = {
      reads: createRateBudget({ ...ARM_TENANT_LIMITS.reads, clock }),
      writes: createRateBudget({ ...ARM_TENANT_LIMITS.writes, clock }),
    };
    sink = await options.decisions(next, budgets);
    const ownSink = sink;
    disposers.push(ownSink.onChange(() => set({ sync: { pending: ownSink.pending(), busy: ownSink.sending() > 0 } })));
    const kinds = queuePoll({ api: budgetedReads(next.api, budgets), graph: next.graph, accountId: next.account.id, principalId: next.principalId, clock });
    kindsPoll = kinds;
    poller = createPoller({
      clock,
      poll: (signal) => kinds.poll(signal),
      intervalMs: settings.pollIntervalSeconds * 1000,
      ...options.poller,
    });
    disposers.push(poller.onPoll((event) => set({ ...statePatchFromPoll(event), kinds: kinds.kinds() })));
    set({ account: next.account, connection: 'starting', problem: null, kinds: initialKinds(!!next.graph) });
  }

  async function refresh(): Promise<AppState> {
    kindsPoll?.recheck(); // the user asked: try kinds that were off (consent may be granted now)
    await poller?.trigger('refresh');
    return state;
  }

  async function decide(itemIds: string[], result: 'Approve' | 'Deny', justification: string): Promise<DecisionOutcome[]> {
    const outcomes: DecisionOutcome[] = [];
    for (const itemId of itemIds) {
      const item = state.queue.find((i) => i.id === itemId);
      if (!sink || !item) {
        outcomes.push({ itemId, outcome: 'failed', message: 'This request is no longer in the queue.' });
      } else if (!item.actionable) {
        outcomes.push({ itemId, outcome: 'failed', message: 'This request cannot be decided here. Open it in the Azure portal.' });
      } else {
        outcomes.push(await sink.submit(item, result, justification));
      }
    }
    // A decision taken (sent or safely queued) leaves the waiting list at once.
    const taken = new Set(outcomes.filter((o) => o.outcome !== 'failed').map((o) => o.itemId));
    set({ queue: state.queue.filter((i) => !taken.has(i.id)) });
    return outcomes;
  }

  async function myRequests(): Promise<MyRequestDto[]> {
    if (!session) return [];
    const listed = await session.api.listScheduleRequests('asRequestor');
    if (!listed.ok) throw new Error(`Could not load your requests: ${listed.error.message}`);
    return listed.value.map(toMyRequest).sort((a, b) => b.createdOn.localeCompare(a.createdOn));
  }

  async function signIn(demo: boolean): Promise<AppState> {
    if (session) return refresh();
    if (!options.signIn) return set({ problem: 'Sign-in is not available here.' });
    set({ signIn: { status: 'signing-in', message: demo ? 'Starting the demo tenant…' : 'Continue in your browser to sign in.' }, problem: null });
    const outcome = await options.signIn(demo, settings).catch((err: unknown) => ({ problem: err instanceof Error ? err.message : String(err) }));
    if ('problem' in outcome) {
      const keychain = 'keychainUnavailable' in outcome && outcome.keychainUnavailable === true;
      return set({ problem: outcome.problem, signIn: { status: keychain ? 'keychain-unavailable' : 'idle', message: keychain ? outcome.problem : null } });
    }
    set({ signIn: { status: 'idle', message: null } });
    await attach(outcome);
    poller?.start();
    return state;
  }

  async function signOut(): Promise<AppState> {
    await detach();
    await options.signOut?.();
    return set({ account: null, connection: 'signed-out', queue: [], problem: null, lastCheckedAt: null, sync: { pending: 0, busy: false } });
  }

  /** Stops polling and sending for the current account; its outbox entries stay on disk. */
  async function detach(): Promise<void> {
    for (const dispose of disposers.splice(0)) dispose();
    await poller?.stop();
    await sink?.close?.();
    poller = null;
    kindsPoll = null;
    sink = null;
    session = null;
  }

  async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
    settings = options.settingsStore ? await options.settingsStore.save(settings, patch) : { ...settings, ...patch };
    poller?.setIntervalMs(settings.pollIntervalSeconds * 1000);
    return settings;
  }

  return {
    handlers: {
      'state:get': async () => state,
      'queue:refresh': () => refresh(),
      'decision:submit': ({ itemIds, result, justification }) => decide(itemIds, result, justification),
      'link:open': async ({ url }) => ({ opened: await options.openExternal(url) }),
      'settings:get': async () => settings,
      'settings:set': (patch) => saveSettings(patch),
      'outbox:list': async () => (sink ? sink.list() : []),
      'decision:cancel': async ({ entryId }) => (sink?.cancel ? sink.cancel(entryId) : { ok: false, reason: 'Decisions here are sent at once; there is nothing to undo.' }),
      'requests:mine': () => myRequests(),
      'account:signIn': ({ demo }) => signIn(demo),
      'account:cancelSignIn': async () => {
        options.cancelSignIn?.();
        return set({ signIn: { status: 'idle', message: null } });
      },
      'account:signOut': () => signOut(),
      'account:useMemoryOnly': async () => {
        await options.useMemoryOnly?.();
        return set({ signIn: { status: 'idle', message: null }, problem: null });
      },
    },
    state: () => state,
    onState(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    focusItem(request) {
      for (const listener of focusListeners) listener(request);
    },
    onFocusItem(listener) {
      focusListeners.add(listener);
      return () => focusListeners.delete(listener);
    },
    trigger(reason) {
      void poller?.trigger(reason);
    },
    setPaused(reason) {
      poller?.setPaused(reason);
      sink?.setOnline?.(reason !== 'offline');
    },
    poller: () => poller,
    async start() {
      if (options.settingsStore) {
        const loaded = await options.settingsStore.load();
        settings = loaded.settings;
        if (loaded.problem) set({ problem: loaded.problem });
      }
      let kept = options.session;
      if (!kept && options.restoreSession) {
        kept = await options.restoreSession(settings).catch((err: unknown) => {
          set({ problem: `Could not restore your session: ${err instanceof Error ? err.message : String(err)}` });
          return null;
        });
      }
      if (kept) await attach(kept);
      else set({ connection: 'signed-out' });
      if (poller) {
        const first = new Promise<void>((resolve) => {
          const off = poller?.onPoll(() => (off?.(), resolve()));
        });
        poller.start();
        await first;
      }
    },
    async stop() {
      await detach();
      listeners.clear();
      focusListeners.clear();
    },
  };
}
