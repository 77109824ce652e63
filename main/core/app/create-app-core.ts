/**
 * Builds the AppCore: one lane per signed-in account (account-lane.ts: its session, budgets,
 * poller, reachability, kinds and queue), merged into the one AppState (merge-state.ts);
 * one outbox for the app, opened at start even with nobody signed in, whose route sends
 * each account's decisions through that account's lane only (null — the entry waits —
 * while it is not signed in). Decisions route by the item's account. Keeps settings and the
 * remembered accounts, and tells listeners about every change. One account's sign-out,
 * failure, 401 or offline never stops another. Surfaces (Electron, preview) only call the
 * handlers, feed OS events in and listen.
 */
import type { AddAccountRequest, AppState, DecisionOutcome, MyRequestDto, OutboxEntryDto, QueueItemDto, Settings, TenantOffer } from '../model/state';
import { itemIsHighPrivilege } from '../model/privilege';
import type { AccountRecord } from '../accounts/account-store';
import { initialKinds } from '../poller/queue-poll';
import { unknownPresence, type PresenceInput } from '../poller/schedule';
import { DEFAULT_SETTINGS } from '../settings/settings-store';
import { accountKey } from '../outbox/stage-key';
import { sessionServices } from '../services/registry';
import type { AccountSession, AppCore, AppCoreOptions, DecisionRoutes, DecisionSink, FocusRequest, SignInProblem } from './app-core';
import { openLane, type AccountLane } from './account-lane';
import { accountsList, decorateEntry, mergedConnection, mergedKinds, mergedProblem, mergedQueue, mergedTimes, type LaneSummary } from './merge-state';
import { toMyRequest } from './my-requests';
import { coalesce } from './coalesce';
import { exportHistoryCsv } from './history-csv-export';
import { forgetKeptQueue } from './kept-queue';
import { recordOfSession } from './session-identity';
import { discoverTenants } from './discover-tenants';
import { noGraphReason } from './azure-cli-session';

/** How long outbox changes are gathered into one state push. */
const SYNC_COALESCE_MS = 50;

/** Since when this run has been offline: stamped when the connection turns offline, cleared when it is not. */
function withOfflineSince(next: AppState, before: AppState, now: number): AppState {
  if (next.connection !== 'offline') return next.offlineSince ? { ...next, offlineSince: null } : next;
  return before.connection === 'offline' && before.offlineSince ? { ...next, offlineSince: before.offlineSince } : { ...next, offlineSince: new Date(now).toISOString() };
}

const problemOf = (err: unknown) => ({ problem: err instanceof Error ? err.message : String(err) });

export function createAppCore(options: AppCoreOptions): AppCore {
  const { clock } = options;
  const listeners = new Set<(s: AppState) => void>();
  const focusListeners = new Set<(r: FocusRequest) => void>();
  let settings: Settings = structuredClone(DEFAULT_SETTINGS);
  /** Signed-in accounts by accountKey, in the order they were added (the first is the header's). */
  const lanes = new Map<string, AccountLane>();
  /** Accounts remembered between runs (accounts.json), signed in or not. */
  let remembered: AccountRecord[] = [];
  /** Why a remembered account is not signed in (restore or sign-in again failed). */
  const accountProblems = new Map<string, string>();
  const signingIn = new Set<string>();
  /** Every account's tenant name seen this run: a removed account's waiting decisions still name it. */
  const tenantNames = new Map<string, string>();
  /** The app's one outbox, when the surface gave one (else each lane has its own sink). */
  let shared: DecisionSink | null = null;
  /** The OS's word on the network (setPaused('offline')), kept apart from the polls'. */
  let osOffline = false;
  /** Any other pause the OS asked for (sleep), carried to accounts added meanwhile. */
  let paused: string | null = null;
  /** The OS's word on the user (at the machine or not), kept for the next account's poller. */
  let presence: PresenceInput = unknownPresence;
  /** A problem of the app rather than of one account (settings file, sign-in); the next check's words replace it. */
  let notice: string | null = null;
  let started = false;
  const disposers: Array<() => void> = [];
  const laneDisposers = new Map<string, () => void>();
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
    kinds: options.session ? initialKinds(sessionServices(options.session, noGraphReason(options.session))) : [],
  };

  const key = accountKey;
  const laneOf = (accountId: string) => lanes.get(key(accountId)) ?? null;
  const recordOf = (accountId: string) => remembered.find((r) => key(r.id) === key(accountId)) ?? null;
  const summaries = (): LaneSummary[] => [...lanes.values()].map((lane) => ({ session: lane.session, record: recordOfSession(lane.session, options.mode), view: lane.view() }));
  const sinks = (): DecisionSink[] => (shared ? [shared] : [...lanes.values()].flatMap((l) => (l.sink ? [l.sink] : [])));
  const sinkFor = (accountId: string): DecisionSink | null => shared ?? laneOf(accountId)?.sink ?? null;

  function tenantNameOf(accountId: string): string | null {
    return laneOf(accountId)?.tenant.name ?? recordOf(accountId)?.tenantName ?? tenantNames.get(key(accountId)) ?? null;
  }
  const decorate = (entry: OutboxEntryDto) => decorateEntry(entry, tenantNameOf, (id) => laneOf(id) !== null);

  /** What the accounts say now, merged. Before start with a session given, the initial state stands. */
  function merged(): Partial<AppState> {
    if (!started) return {};
    const all = summaries();
    const first = all[0];
    return {
      account: first ? first.session.account : null,
      accounts: accountsList(
        all,
        remembered.map((record) => ({ record, problem: accountProblems.get(key(record.id)) ?? null, signingIn: signingIn.has(key(record.id)) })),
      ),
      queue: mergedQueue(all),
      ...mergedTimes(all),
      connection: mergedConnection(all.map((l) => l.view)),
      problem: notice ?? mergedProblem(all),
      kinds: mergedKinds(all.map((l) => ({ tenantName: l.record.tenantName, kinds: l.view.kinds }))),
    };
  }

  function syncPatch(): Partial<AppState> {
    const all = sinks();
    if (all.length === 0) return { sync: { pending: 0, busy: false }, ...(state.decisions ? { decisions: [] } : {}) };
    const failedCounts = all.flatMap((s) => (s.failed ? [s.failed()] : []));
    const recents = all.flatMap((s) => (s.recent ? [s.recent()] : []));
    return {
      sync: {
        pending: all.reduce((n, s) => n + s.pending(), 0),
        busy: all.some((s) => s.sending() > 0),
        ...(failedCounts.length > 0 ? { failed: failedCounts.reduce((a, b) => a + b, 0) } : {}),
      },
      ...(recents.length > 0 ? { decisions: (recents.length === 1 ? (recents[0] ?? []) : recents.flat().sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))).map(decorate) } : {}),
    };
  }

  function set(next: Partial<AppState> = {}): AppState {
    state = withOfflineSince({ ...state, ...next, ...merged(), ...syncPatch() }, state, clock.now());
    for (const listener of listeners) listener(state);
    return state;
  }

  /** Sends what waits in the outbox now (an account signed in, Azure answers again). */
  function letOutboxSend(): void {
    if (osOffline) return;
    shared?.setOnline?.(true);
    shared?.kick?.();
  }

  const routes: DecisionRoutes = {
    api: (accountId, kind) => laneOf(accountId)?.route(kind) ?? null,
    principalId: async (accountId) => laneOf(accountId)?.session.principalId ?? null,
    // Azure is reachable when any account reaches it: one account's network trouble must not hold
    // back another's decisions (its own sends fail and back off on their own). With nobody signed in,
    // nothing can be sent anyway.
    probe: async (signal) => {
      const answers = await Promise.all([...lanes.values()].map((lane) => lane.reach.probe(signal)));
      return answers.includes('online') ? 'online' : (answers[0] ?? 'online');
    },
    online: () => !osOffline && (lanes.size === 0 || [...lanes.values()].some((l) => l.reach.last() === 'online')),
  };

  async function openShared(): Promise<void> {
    if (!options.outbox || shared) return;
    shared = await options.outbox(routes);
    shared.setOnline?.(!osOffline);
    // An outbox drain changes entries many times a second; the window needs the latest only.
    const changed = coalesce(() => set(), SYNC_COALESCE_MS);
    disposers.push(changed.cancel, shared.onChange(changed));
  }

  async function remember(session: AccountSession): Promise<void> {
    const record = recordOfSession(session, options.mode);
    tenantNames.set(key(record.id), record.tenantName);
    remembered = [...remembered.filter((r) => key(r.id) !== key(record.id)), record];
    accountProblems.delete(key(record.id));
    if (!options.accounts) return;
    await options.accounts.remember(record).catch((err: unknown) => {
      notice = `Could not remember the account ${record.username} for the next start: ${problemOf(err).problem}`;
    });
  }

  /** Opens the account's lane (replacing one with the same id), shows its kept queue; polling starts with `lane.start()`. */
  async function attach(session: AccountSession): Promise<AccountLane> {
    const id = key(session.account.id);
    await detach(id);
    const lane = await openLane(session, {
      clock,
      options,
      settings: () => settings,
      presence: () => presence,
      osOffline: () => osOffline,
      paused: () => paused,
      changed: (polled) => {
        if (lanes.get(id) !== lane) return;
        if (polled) notice = null;
        set();
      },
      reachedAgain: letOutboxSend,
      decisions: () => sinkFor(session.account.id)?.recent?.(),
    });
    lanes.set(id, lane);
    if (lane.sink) {
      const changed = coalesce(() => set(), SYNC_COALESCE_MS);
      const off = lane.sink.onChange(changed);
      laneDisposers.set(id, () => (changed.cancel(), off()));
    }
    await remember(session);
    notice = null;
    set();
    await lane.restore();
    // What waited in the outbox for this account can go now.
    letOutboxSend();
    return lane;
  }

  /** Stops one account's lane; its outbox entries stay (they wait for it). */
  async function detach(id: string): Promise<void> {
    const lane = lanes.get(id);
    if (!lane) return;
    lanes.delete(id);
    laneDisposers.get(id)?.();
    laneDisposers.delete(id);
    await lane.close();
  }

  async function refresh(): Promise<AppState> {
    await Promise.all(
      [...lanes.values()].map((lane) => {
        lane.kindsPoll.recheck(); // the user asked: try kinds that were off (consent may be granted now)
        return lane.trigger('refresh');
      }),
    );
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
      // Routed by the item's own account: nothing is ever sent with another account's credentials.
      const sink = item ? sinkFor(item.accountId) : null;
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
    for (const lane of lanes.values()) lane.take(taken);
    // With the outbox's entries as they are now, so the answer and the state agree.
    set();
    return outcomes;
  }

  /**
   * My own requests of every kind every account reaches. An account whose essential service
   * fails is left out while another answers; when none answers, the first failure is the answer.
   */
  async function myRequests(): Promise<MyRequestDto[]> {
    if (lanes.size === 0) return [];
    const answered: MyRequestDto[][] = [];
    let firstError: string | null = null;
    await Promise.all(
      [...lanes.values()].map(async (lane) => {
        const lists = await Promise.all(lane.services.services.map(async (service) => ({ service, listed: await service.mine() })));
        const failed = lists.find(({ service, listed }) => service.essential && !listed.ok);
        if (failed && !failed.listed.ok) firstError ??= failed.listed.error.message;
        else answered.push(lists.flatMap(({ listed }) => (listed.ok ? listed.value.map(toMyRequest) : [])));
      }),
    );
    if (answered.length === 0 && firstError !== null) throw new Error(`Could not load your requests: ${firstError}`);
    return answered.flat().sort((a, b) => b.createdOn.localeCompare(a.createdOn));
  }

  /** Runs a sign-in hook with the window's progress words; attaches and starts what it gave. */
  async function signingInWith(message: string, accountId: string | null, hook: () => Promise<AccountSession | SignInProblem>): Promise<AppState> {
    if (accountId) signingIn.add(key(accountId));
    notice = null;
    set({ signIn: { status: 'signing-in', message } });
    const outcome = await hook().catch(problemOf);
    if (accountId) signingIn.delete(key(accountId));
    if ('problem' in outcome) {
      const keychain = 'keychainUnavailable' in outcome && outcome.keychainUnavailable === true;
      notice = outcome.problem;
      if (accountId) accountProblems.set(key(accountId), outcome.problem);
      return set({ signIn: { status: keychain ? 'keychain-unavailable' : 'idle', message: keychain ? outcome.problem : null } });
    }
    set({ signIn: { status: 'idle', message: null } });
    const lane = await attach(outcome);
    await lane.start();
    return state;
  }

  async function signIn(demo: boolean, accountId: string | undefined): Promise<AppState> {
    if (accountId !== undefined) {
      const lane = laneOf(accountId);
      // Signed in and accepted: nothing to do but look. Refused (401): sign it in again below.
      if (lane && lane.view().connection !== 'signed-out') return refresh();
      const record = recordOf(accountId) ?? (lane ? recordOfSession(lane.session, options.mode) : null);
      if (!record) return set({ problem: (notice = 'That account is not in the list any more.') });
      const again = options.signInAgain;
      if (!again) return set({ problem: (notice = 'Signing an account in again is not available here.') });
      return signingInWith(`Continue in your browser to sign in to ${record.tenantName}.`, record.id, () => again(record, settings));
    }
    if (lanes.size > 0) return refresh();
    const first = options.signIn;
    if (!first) return set({ problem: (notice = 'Sign-in is not available here.') });
    return signingInWith(demo ? 'Starting the demo tenant…' : 'Continue in your browser to sign in.', null, () => first(demo, settings));
  }

  async function addAccount(request: AddAccountRequest): Promise<AppState> {
    const add = options.addAccount;
    if (!add) return set({ problem: (notice = 'Adding another account is not available here.') });
    const words = request.source === 'app' ? 'Continue in your browser to sign in.' : request.source === 'azure-cli' ? 'Asking the Azure CLI for a sign-in…' : 'Adding the account…';
    return signingInWith(words, null, () => add(request, settings));
  }

  /** Stops the account's lane and drops its tokens and kept queue; `forget` also drops it from the list. */
  async function leave(accountId: string, forget: boolean): Promise<void> {
    const lane = laneOf(accountId);
    const record = recordOf(accountId) ?? (lane ? recordOfSession(lane.session, options.mode) : null);
    await detach(key(accountId));
    if (record) await options.forgetAccount?.(record).catch((err: unknown) => (notice = `Could not remove the sign-in of ${record.username}: ${problemOf(err).problem}`));
    if (options.keptQueue) await forgetKeptQueue(options.keptQueue, accountId);
    accountProblems.delete(key(accountId));
    if (!forget) return;
    remembered = remembered.filter((r) => key(r.id) !== key(accountId));
    await options.accounts?.forget(accountId).catch((err: unknown) => (notice = `Could not update the remembered accounts: ${problemOf(err).problem}`));
  }

  async function signOut(accountId: string | undefined): Promise<AppState> {
    if (accountId !== undefined) {
      await leave(accountId, false);
      return set();
    }
    // Every account: today's sign-out. The accounts stay listed; their decisions wait for them.
    const leaving = [...lanes.values()].map((l) => l.session.account.id);
    for (const id of leaving) await detach(key(id));
    await options.signOut?.();
    if (!options.signOut) for (const id of leaving) await leave(id, false);
    else if (options.keptQueue) for (const id of leaving) await forgetKeptQueue(options.keptQueue, id);
    notice = null;
    return set({ queue: [], lastCheckedAt: null, queueAsOf: null });
  }

  async function removeAccount(accountId: string): Promise<AppState> {
    await leave(accountId, true);
    return set();
  }

  async function saveSettings(patch: Partial<Settings>): Promise<Settings> {
    settings = options.settingsStore ? await options.settingsStore.save(settings, patch) : { ...settings, ...patch };
    for (const lane of lanes.values()) {
      lane.poller.setIntervalMs(settings.pollIntervalSeconds * 1000);
      lane.poller.setActiveIntervalMs(settings.activePollIntervalSeconds * 1000);
    }
    return settings;
  }

  async function discover(): Promise<TenantOffer[]> {
    const known = new Set([...[...lanes.values()].map((l) => l.tenant.id), ...remembered.map((r) => r.tenantId)].map((t) => t.toLowerCase()));
    return discoverTenants(
      [...lanes.values()].map((l) => ({ accountId: l.session.account.id, api: l.session.api })),
      known,
    );
  }

  async function restoreAll(): Promise<AccountSession[]> {
    if (options.accounts) {
      const loaded = await options.accounts.load();
      remembered = loaded.accounts;
      for (const r of remembered) tenantNames.set(key(r.id), r.tenantName);
      if (loaded.problem) notice = loaded.problem;
    }
    if (options.session) return [options.session];
    if (options.restoreSessions) {
      const restored = await options.restoreSessions(settings, remembered).catch((err: unknown) => {
        notice = `Could not restore your accounts: ${problemOf(err).problem}`;
        return [];
      });
      const sessions: AccountSession[] = [];
      for (const r of restored) {
        if ('problem' in r) accountProblems.set(key(r.accountId), r.problem);
        else sessions.push(r);
      }
      return sessions;
    }
    if (options.restoreSession) {
      const kept = await options.restoreSession(settings).catch((err: unknown) => {
        notice = `Could not restore your session: ${problemOf(err).problem}`;
        return null;
      });
      return kept ? [kept] : [];
    }
    return [];
  }

  async function stopAll(): Promise<void> {
    for (const dispose of disposers.splice(0)) dispose();
    for (const id of [...lanes.keys()]) await detach(id);
    await shared?.close?.();
    shared = null;
  }

  return {
    refresh: () => refresh(),
    decide: (itemIds, result, justification) => decide(itemIds, result, justification),
    openLink: (url) => options.openExternal(url),
    settings: async () => settings,
    saveSettings: (patch) => saveSettings(patch),
    outbox: async () => (await Promise.all(sinks().map((s) => s.list()))).flat().map(decorate),
    async cancelDecision(entryId) {
      const cancellable = sinks().filter((s) => s.cancel);
      if (cancellable.length === 0) return { ok: false, reason: 'Decisions here are sent at once; there is nothing to undo.' };
      // Per-account sinks: the one that holds the entry answers.
      for (const sink of cancellable) if (cancellable.length === 1 || (await sink.list()).some((e) => e.id === entryId)) return sink.cancel!(entryId);
      return { ok: false, reason: 'That decision is not in the outbox.' };
    },
    myRequests: () => myRequests(),
    exportHistoryCsv(request) {
      const journaled = sinks().filter((s) => s.entries);
      return exportHistoryCsv({ request, entries: journaled.length > 0 ? journaled.flatMap((s) => s.entries?.() ?? []) : null, saveFile: options.saveFile, now: clock.now() });
    },
    signIn: (demo, accountId) => signIn(demo, accountId),
    async cancelSignIn() {
      options.cancelSignIn?.();
      return set({ signIn: { status: 'idle', message: null } });
    },
    signOut: (accountId) => signOut(accountId),
    addAccount: (request) => addAccount(request),
    removeAccount: (accountId) => removeAccount(accountId),
    discoverTenants: () => discover(),
    async useMemoryOnly() {
      await options.useMemoryOnly?.();
      notice = null;
      return set({ signIn: { status: 'idle', message: null } });
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
      for (const lane of lanes.values()) void lane.trigger(reason);
    },
    setPaused(reason) {
      for (const lane of lanes.values()) lane.poller.setPaused(reason);
      // Sleep and sign-out pause polling too, but only these two say anything about the network.
      const offline = reason === 'offline' ? true : reason === null ? false : osOffline;
      paused = reason === 'offline' ? paused : reason;
      if (offline !== osOffline) {
        osOffline = offline;
        shared?.setOnline?.(!offline);
        for (const lane of lanes.values()) lane.setOsOffline(offline);
        // Said at once: the header and tray must never read Online while the OS says offline.
        set();
      }
    },
    setPresence(input) {
      presence = input;
      for (const lane of lanes.values()) lane.poller.setPresence(input);
    },
    poller: () => [...lanes.values()][0]?.poller ?? null,
    async start() {
      if (options.settingsStore) {
        const loaded = await options.settingsStore.load();
        settings = loaded.settings;
        if (loaded.problem) notice = loaded.problem;
      }
      const sessions = await restoreAll();
      await openShared();
      started = true;
      const opened: AccountLane[] = [];
      for (const session of sessions) opened.push(await attach(session));
      set();
      await Promise.all(opened.map((lane) => lane.start()));
    },
    async stop() {
      await stopAll();
      listeners.clear();
      focusListeners.clear();
    },
  };
}
