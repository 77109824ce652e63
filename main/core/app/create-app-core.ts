/**
 * Builds the AppCore: keeps the one AppState, runs the poller for the signed-in account,
 * routes decisions to the account's decision sink (the outbox), keeps settings, and tells
 * listeners about every change. The connection it reports combines the OS, the
 * reachability probe and the last poll (connection.ts); the decisions it carries are the
 * outbox's own entries, so every surface can follow one decision to its end. Surfaces
 * (Electron, preview) only call the handlers, feed OS events in and listen.
 */
import type { AppState, DecisionOutcome, MyRequestDto, QueueItemDto, Settings } from '../../../preload/api';
import { itemIsHighPrivilege } from '../../../preload/privilege';
import { initialKinds, queuePoll, type QueuePoll } from '../poller/queue-poll';
import { createPoller, type PollEvent, type Poller } from '../poller/poller';
import { statePatchFromPoll, type PollStatePatch } from '../poller/poll-state';
import { unknownPresence, type PresenceInput } from '../poller/schedule';
import { DEFAULT_SETTINGS } from '../settings/settings-store';
import type { AccountSession, AppCore, AppCoreOptions, DecisionSink, FocusRequest } from './app-core';
import { toMyRequest } from './my-requests';
import { sessionServices, type ServiceRegistry } from '../services/registry';
import { budgetedGraph, budgetedReads, type Budgets } from './budgeted-arm';
import { ARM_TENANT_LIMITS, armProbe, createRateBudget } from '../outbox';
import { GRAPH_ACCOUNT_LIMITS } from '../outbox/rate-budget';
import { connectionOf } from './connection';
import { reachabilityWatch, type ReachabilityWatch } from './reachability';
import { coalesce } from './coalesce';
import { exportHistoryCsv } from './history-csv-export';
import { forgetKeptQueue, keepQueue, restoreKeptQueue, withoutWaitingDecisions } from './kept-queue';

/** How long outbox changes are gathered into one state push. */
const SYNC_COALESCE_MS = 50;
/** A check slower than this is said in the window while it goes on. */
const SLOW_CHECK_MS = 4_000;

/** Since when this run has been offline: stamped when the connection turns offline, cleared when it is not. */
function withOfflineSince(next: AppState, before: AppState, now: number): AppState {
  if (next.connection !== 'offline') return next.offlineSince ? { ...next, offlineSince: null } : next;
  return before.connection === 'offline' && before.offlineSince ? { ...next, offlineSince: before.offlineSince } : { ...next, offlineSince: new Date(now).toISOString() };
}

export function createAppCore(options: AppCoreOptions): AppCore {
  const { clock } = options;
  const listeners = new Set<(s: AppState) => void>();
  const focusListeners = new Set<(r: FocusRequest) => void>();
  let settings: Settings = structuredClone(DEFAULT_SETTINGS);
  let session: AccountSession | null = null;
  let sink: DecisionSink | null = null;
  let poller: Poller | null = null;
  let kindsPoll: QueuePoll | null = null;
  /** The signed-in account's approval services (one per kind it can reach). */
  let registry: ServiceRegistry | null = null;
  let reach: ReachabilityWatch | null = null;
  /** The OS's word on the network (setPaused('offline')), kept apart from the poll's. */
  let osOffline = false;
  /** The OS's word on the user (at the machine or not), kept for the next account's poller. */
  let presence: PresenceInput = unknownPresence;
  /** What the last poll said about the connection; null before the first poll of a session. */
  let lastPoll: PollStatePatch | null = null;
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
    // Signed out: no kind is known to be read (the window says "not known yet").
    kinds: options.session ? initialKinds(sessionServices(options.session)) : [],
  };

  function set(next: Partial<AppState>): AppState {
    state = withOfflineSince({ ...state, ...next }, state, clock.now());
    for (const listener of listeners) listener(state);
    return state;
  }

  /** Header, tray and banner words from the OS, the probe and the last poll. */
  function connectionPatch(): Partial<AppState> {
    if (!session) return {};
    return connectionOf({ osOffline, reach: reach?.last() ?? 'online', poll: lastPoll });
  }

  function syncPatch(): Partial<AppState> {
    if (!sink) return { sync: { pending: 0, busy: false } };
    const recent = sink.recent?.();
    return {
      sync: { pending: sink.pending(), busy: sink.sending() > 0, ...(sink.failed ? { failed: sink.failed() } : {}) },
      ...(recent ? { decisions: recent } : {}),
    };
  }

  /**
   * A check that has not answered after a few seconds is said at once ("has not answered
   * for 4 s"), without waiting for its reads' deadlines; its result replaces the words.
   */
  async function withSlowNotice<T>(polling: Promise<T>, current: () => boolean): Promise<T> {
    const quiet = new AbortController();
    clock.sleep(SLOW_CHECK_MS, quiet.signal).then(
      () => current() && set({ problem: `Checking for requests: Azure has not answered for ${SLOW_CHECK_MS / 1000} s. Still trying; the list shown is from the last check.` }),
      () => undefined,
    );
    try {
      return await polling;
    } finally {
      quiet.abort();
    }
  }

  /** Kept-queue writes under way (keepQueue never rejects: it says a failure and resolves). */
  const keepWrites = new Set<Promise<void>>();

  function onPollEvent(event: PollEvent, kinds: QueuePoll, watch: ReachabilityWatch): void {
    const patch = statePatchFromPoll(event);
    lastPoll = patch;
    if (event.ok) {
      watch.reached(); // Azure answered: whatever a probe said before is past
      // This poll's queue replaces the kept one, on screen (no longer "as of") and on disk.
      if (state.queueAsOf !== undefined) state = { ...state, queueAsOf: null };
      if (options.keptQueue && session) {
        // Tracked, so detach() (stop, sign-out) waits for it.
        const write = keepQueue(options.keptQueue, session.account.id, event.at, event.items);
        keepWrites.add(write);
        void write.finally(() => keepWrites.delete(write));
      }
    }
    set({ ...patch, ...connectionPatch(), kinds: kinds.kinds() });
    if (!event.ok && (event.error.kind === 'network' || event.error.kind === 'timeout')) {
      // Tell "offline" (no route, proxy, captive portal) from "Azure did not answer".
      void watch.probe().then((answer) => {
        if (answer === 'online' && lastPoll === patch) lastPoll = { ...patch, connection: 'error' };
        if (reach === watch) set(connectionPatch());
      });
    }
  }

  async function attach(next: AccountSession): Promise<void> {
    session = next;
    // One budget per service for this session, shared by the poller's reads and the outbox.
    const budgets: Budgets = {
      reads: createRateBudget({ ...ARM_TENANT_LIMITS.reads, clock }),
      writes: createRateBudget({ ...ARM_TENANT_LIMITS.writes, clock }),
      graph: { reads: createRateBudget({ ...GRAPH_ACCOUNT_LIMITS.reads, clock }), writes: createRateBudget({ ...GRAPH_ACCOUNT_LIMITS.writes, clock }) },
    };
    const watch = reachabilityWatch((options.probe ?? ((s) => armProbe({ endpoint: s.armEndpoint })))(next));
    reach = watch;
    lastPoll = null;
    sink = await options.decisions(next, budgets, watch);
    sink.setOnline?.(!osOffline);
    // An outbox drain changes entries many times a second; the window needs the latest only.
    const sinkChanged = coalesce(() => set(syncPatch()), SYNC_COALESCE_MS);
    disposers.push(sinkChanged.cancel, sink.onChange(sinkChanged));
    const { readDeadlineMs, ...timing } = options.poller ?? {};
    const graph = next.graph && budgets.graph ? budgetedGraph(next.graph, budgets.graph) : next.graph;
    const services = sessionServices({ api: budgetedReads(next.api, budgets, readDeadlineMs), graph });
    registry = services;
    const kinds = queuePoll({
      services,
      accountId: next.account.id,
      principalId: next.principalId,
      clock,
      ...(readDeadlineMs !== undefined ? { readDeadlineMs } : {}),
    });
    kindsPoll = kinds;
    const ownPoller = createPoller({
      clock,
      poll: (signal) => withSlowNotice(kinds.poll(signal), () => reach === watch),
      intervalMs: settings.pollIntervalSeconds * 1000,
      activeIntervalMs: settings.activePollIntervalSeconds * 1000,
      presence,
      ...timing,
    });
    poller = ownPoller;
    if (osOffline) ownPoller.setPaused('offline');
    disposers.push(ownPoller.onPoll((event) => onPollEvent(event, kinds, watch)));
    disposers.push(
      watch.onChange((answer) => {
        set(connectionPatch());
        // Azure answers again (a probe or a poll): look for requests now rather than at the next
        // backoff, and let the outbox send what waits now rather than at its next probe.
        if (answer === 'online') {
          void ownPoller.trigger('reconnect');
          if (!osOffline) sink?.setOnline?.(true);
        }
      }),
    );
    set({ account: next.account, problem: null, kinds: initialKinds(services), ...syncPatch(), ...connectionPatch() });
    // Online or not, the last known queue shows at once; the first poll then replaces it.
    const restored = options.keptQueue ? await restoreKeptQueue(options.keptQueue, next.account.id) : null;
    if (restored && session === next) set({ ...restored, queue: withoutWaitingDecisions(restored.queue, sink?.recent?.()) });
  }

  async function refresh(): Promise<AppState> {
    kindsPoll?.recheck(); // the user asked: try kinds that were off (consent may be granted now)
    await poller?.trigger('refresh');
    return state;
  }

  /** macOS Touch ID before approving High-privilege requests, when the user asked for it. */
  async function confirmApproval(items: QueueItemDto[]): Promise<string | null> {
    const high = items.filter((i) => itemIsHighPrivilege(i, settings.highPrivilegeGroups));
    if (high.length === 0 || !settings.touchIdForHighPrivilege || !options.confirmHighPrivilege) return null;
    const what = high.length === 1 ? 'approve a High-privilege request' : `approve ${high.length} High-privilege requests`;
    const answer = await options.confirmHighPrivilege(what).catch((err: unknown) => ({ ok: false as const, reason: err instanceof Error ? err.message : String(err) }));
    return answer.ok ? null : `Touch ID did not confirm the approval (${answer.reason}); nothing was sent.`;
  }

  async function decide(itemIds: string[], result: 'Approve' | 'Deny', justification: string): Promise<DecisionOutcome[]> {
    const outcomes: DecisionOutcome[] = [];
    const found = itemIds.map((itemId) => ({ itemId, item: state.queue.find((i) => i.id === itemId) }));
    const refusal = result === 'Approve' ? await confirmApproval(found.flatMap((f) => (f.item?.actionable ? [f.item] : []))) : null;
    for (const { itemId, item } of found) {
      if (!sink || !item) {
        outcomes.push({ itemId, outcome: 'failed', message: 'This request is no longer in the queue.' });
      } else if (!item.actionable) {
        outcomes.push({ itemId, outcome: 'failed', message: 'This request cannot be decided here. Open it in the Azure portal.' });
      } else if (Date.parse(item.expiresAt) <= clock.now()) {
        // A queue kept from an earlier run may hold requests whose window closed meanwhile.
        outcomes.push({ itemId, outcome: 'failed', message: 'This request expired before it was decided: nothing to decide, nothing was sent.' });
      } else if (refusal !== null) {
        outcomes.push({ itemId, outcome: 'failed', message: refusal });
      } else {
        outcomes.push(await sink.submit(item, result, justification));
      }
    }
    // A decision taken (sent or safely queued) leaves the waiting list at once.
    const taken = new Set(outcomes.filter((o) => o.outcome !== 'failed').map((o) => o.itemId));
    // With the outbox's entries as they are now, so the answer and the state agree.
    set({ queue: state.queue.filter((i) => !taken.has(i.id)), ...syncPatch() });
    return outcomes;
  }

  /**
   * My own requests of every kind this account reaches. The essential service's failure is
   * the answer's; another kind that cannot be read (no consent) is left out.
   */
  async function myRequests(): Promise<MyRequestDto[]> {
    if (!registry) return [];
    const lists = await Promise.all(registry.services.map(async (service) => ({ service, listed: await service.mine() })));
    const failed = lists.find(({ service, listed }) => service.essential && !listed.ok);
    if (failed && !failed.listed.ok) throw new Error(`Could not load your requests: ${failed.listed.error.message}`);
    return lists
      .flatMap(({ listed }) => (listed.ok ? listed.value.map(toMyRequest) : []))
      .sort((a, b) => b.createdOn.localeCompare(a.createdOn));
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
    const leaving = session?.account.id;
    await detach();
    await options.signOut?.();
    if (options.keptQueue && leaving) await forgetKeptQueue(options.keptQueue, leaving);
    return set({ account: null, connection: 'signed-out', queue: [], problem: null, lastCheckedAt: null, queueAsOf: null, sync: { pending: 0, busy: false }, decisions: [] });
  }

  /** Stops polling and sending for the current account; its outbox entries stay on disk. */
  async function detach(): Promise<void> {
    for (const dispose of disposers.splice(0)) dispose();
    await poller?.stop();
    // A kept-queue write under way ends before we say we stopped: whoever removes the data
    // directory next (a test, an uninstall) must not race its temp file.
    await Promise.all(keepWrites);
    await sink?.close?.();
    poller = null;
    kindsPoll = null;
    registry = null;
    sink = null;
    session = null;
    reach = null;
    lastPoll = null;
  }

  async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
    settings = options.settingsStore ? await options.settingsStore.save(settings, patch) : { ...settings, ...patch };
    poller?.setIntervalMs(settings.pollIntervalSeconds * 1000);
    poller?.setActiveIntervalMs(settings.activePollIntervalSeconds * 1000);
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
      'history:exportCsv': (request) =>
        exportHistoryCsv({ request, entries: sink?.entries ? sink.entries() : null, saveFile: options.saveFile, now: clock.now() }),
      'account:signIn': ({ demo }) => signIn(demo),
      'account:cancelSignIn': async () => {
        options.cancelSignIn?.();
        return set({ signIn: { status: 'idle', message: null } });
      },
      // One account at a time for now: an id other than the signed-in account's has nothing to sign out.
      'account:signOut': async (request) => (request?.accountId === undefined || request.accountId === session?.account.id ? signOut() : state),
      'account:add': async () => set({ problem: 'Adding another account is not available yet.' }),
      'account:remove': async ({ accountId }) => (accountId === session?.account.id ? signOut() : state),
      'accounts:discover': async () => [],
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
      // Sleep and sign-out pause polling too, but only these two say anything about the network.
      const offline = reason === 'offline' ? true : reason === null ? false : osOffline;
      if (offline !== osOffline) {
        osOffline = offline;
        sink?.setOnline?.(!offline);
        // Said at once: the header and tray must never read Online while the OS says offline.
        set({ ...connectionPatch(), ...syncPatch() });
      }
    },
    setPresence(input) {
      presence = input;
      poller?.setPresence(input);
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
