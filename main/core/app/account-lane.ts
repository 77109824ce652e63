/**
 * One account's lane in the app core: its session, its own rate budgets (ARM's limits are per
 * tenant and Graph's per account), its services, poller, reachability watch, kinds poll and
 * the queue it last read, each item marked with the account's tenant. A lane never touches
 * another lane: its sign-out, failure, 401 or offline stays its own, and the core merges
 * what the lanes say (merge-state.ts). Decisions reach Azure through `route(kind)`, which
 * only ever carries this account's clients.
 */
import type { KindStatus, OutboxEntryDto, QueueItemDto, TenantRef } from '../model/state';
import type { Clock } from '../clock';
import { ARM_TENANT_LIMITS, armProbe, createRateBudget } from '../outbox';
import { GRAPH_ACCOUNT_LIMITS } from '../outbox/rate-budget';
import type { DecisionRoute } from '../outbox/sender';
import type { DecisionKind } from '../outbox/types';
import { createPoller, type PollEvent, type Poller, type TriggerReason } from '../poller/poller';
import { statePatchFromPoll, type PollStatePatch } from '../poller/poll-state';
import { initialKinds, queuePoll, type QueuePoll } from '../poller/queue-poll';
import type { PresenceInput } from '../poller/schedule';
import { sessionServices, type ServiceRegistry } from '../services/registry';
import { noGraphReason } from './azure-cli-session';
import type { AccountSession, AppCoreOptions, DecisionSink } from './app-core';
import { budgetedGraph, budgetedReads, type Budgets } from './budgeted-arm';
import { connectionOf } from './connection';
import { keepQueue, restoreKeptQueue, withoutWaitingDecisions } from './kept-queue';
import { reachabilityWatch, type ReachabilityWatch } from './reachability';
import { tenantOfSession } from './session-identity';

/** A check slower than this is said in the window while it goes on. */
const SLOW_CHECK_MS = 4_000;

/** What the lane shows: the core merges these over every lane. */
export interface LaneView {
  /** Every item marked with this account's tenant. */
  queue: QueueItemDto[];
  lastCheckedAt: string | null;
  /** As AppState.queueAsOf: a string while the kept queue shows, null once a check answered, undefined before either. */
  queueAsOf?: string | null | undefined;
  connection: 'starting' | 'online' | 'offline' | 'signed-out' | 'error';
  problem: string | null;
  kinds: KindStatus[];
}

export interface LaneHooks {
  clock: Clock;
  options: Pick<AppCoreOptions, 'probe' | 'poller' | 'keptQueue' | 'decisions'>;
  settings(): { pollIntervalSeconds: number; activePollIntervalSeconds: number };
  presence(): PresenceInput;
  osOffline(): boolean;
  /** The core's pause reason other than the network (sleep, a test's), carried to a new lane. */
  paused(): string | null;
  /** The lane's view changed; `polled`: because a check answered (or failed). */
  changed(polled: boolean): void;
  /** Azure answers this account again: whatever waits to be sent may go now. */
  reachedAgain(): void;
  /** The outbox's latest entries, so a kept queue leaves out what was decided before a restart. */
  decisions(): OutboxEntryDto[] | undefined;
}

export interface AccountLane {
  readonly id: string;
  readonly session: AccountSession;
  readonly tenant: TenantRef;
  /** The services the poller and "My requests" read through (budgeted reads). */
  readonly services: ServiceRegistry;
  readonly reach: ReachabilityWatch;
  readonly poller: Poller;
  readonly kindsPoll: QueuePoll;
  /** This account's own decision sink, where the core was given one per account (tests, direct sends). */
  readonly sink: DecisionSink | null;
  view(): LaneView;
  /** Where this account's decisions of `kind` go, with this account's budgets; null where it cannot send that kind. */
  route(kind: DecisionKind): DecisionRoute | null;
  /** Shows the queue kept from the last run (if any) until the first check answers. */
  restore(): Promise<void>;
  /** Starts polling; resolves after the first check answered (or failed). */
  start(): Promise<void>;
  trigger(reason: TriggerReason): Promise<unknown>;
  /** Items decided (sent or safely queued) leave the lane's waiting list at once. */
  take(itemIds: ReadonlySet<string>): void;
  setOsOffline(offline: boolean): void;
  /** Stops polling and sending for this account; its outbox entries stay on disk. */
  close(): Promise<void>;
}

export async function openLane(session: AccountSession, hooks: LaneHooks): Promise<AccountLane> {
  const { clock, options } = hooks;
  const tenant = tenantOfSession(session);
  const withTenant = (items: readonly QueueItemDto[]): QueueItemDto[] => items.map((item) => ({ ...item, tenant }));
  // One budget per service for this account, shared by its poller's reads and its decisions.
  const budgets: Budgets = {
    reads: createRateBudget({ ...ARM_TENANT_LIMITS.reads, clock }),
    writes: createRateBudget({ ...ARM_TENANT_LIMITS.writes, clock }),
    graph: { reads: createRateBudget({ ...GRAPH_ACCOUNT_LIMITS.reads, clock }), writes: createRateBudget({ ...GRAPH_ACCOUNT_LIMITS.writes, clock }) },
  };
  const watch = reachabilityWatch((options.probe ?? ((s) => armProbe({ endpoint: s.armEndpoint })))(session));
  const sink = options.decisions ? await options.decisions(session, budgets, watch) : null;
  sink?.setOnline?.(!hooks.osOffline());
  const { readDeadlineMs, ...timing } = options.poller ?? {};
  const graph = session.graph && budgets.graph ? budgetedGraph(session.graph, budgets.graph) : session.graph;
  // An Azure CLI session has no Graph; its kinds say why (azure-cli-session.ts).
  const services = sessionServices({ api: budgetedReads(session.api, budgets, readDeadlineMs), graph }, noGraphReason(session));
  // Decisions: the session's own clients, without the poll's read deadline; each call they make is
  // charged to this account's budgets in the HTTP layer (route() hands ARM's to the sender).
  const sending = sessionServices({ api: session.api, graph: session.graph ? { ...session.graph, budgets: budgets.graph } : undefined }, noGraphReason(session));
  const kinds = queuePoll({
    services,
    accountId: session.account.id,
    principalId: session.principalId,
    clock,
    ...(readDeadlineMs !== undefined ? { readDeadlineMs } : {}),
  });
  let closed = false;
  const keepWrites = new Set<Promise<void>>();
  let lastPoll: PollStatePatch | null = null;
  const view: LaneView = { queue: [], lastCheckedAt: null, connection: 'starting', problem: null, kinds: initialKinds(services) };
  const settle = () => Object.assign(view, connectionOf({ osOffline: hooks.osOffline(), reach: watch.last(), poll: lastPoll }));
  settle();

  /**
   * A check that has not answered after a few seconds is said at once ("has not answered
   * for 4 s"), without waiting for its reads' deadlines; its result replaces the words.
   */
  async function withSlowNotice<T>(polling: Promise<T>): Promise<T> {
    const quiet = new AbortController();
    clock.sleep(SLOW_CHECK_MS, quiet.signal).then(
      () => {
        if (closed) return;
        view.problem = `Checking for requests: Azure has not answered for ${SLOW_CHECK_MS / 1000} s. Still trying; the list shown is from the last check.`;
        hooks.changed(false);
      },
      () => undefined,
    );
    try {
      return await polling;
    } finally {
      quiet.abort();
    }
  }

  const settings = hooks.settings();
  const poller = createPoller({
    clock,
    poll: (signal) => withSlowNotice(kinds.poll(signal)),
    intervalMs: settings.pollIntervalSeconds * 1000,
    activeIntervalMs: settings.activePollIntervalSeconds * 1000,
    presence: hooks.presence(),
    ...timing,
  });
  if (hooks.osOffline()) poller.setPaused('offline');
  else if (hooks.paused() !== null) poller.setPaused(hooks.paused());

  function onPollEvent(event: PollEvent): void {
    const patch = statePatchFromPoll(event);
    lastPoll = patch;
    if (event.ok) {
      watch.reached(); // Azure answered: whatever a probe said before is past
      // This poll's queue replaces the kept one, on screen (no longer "as of") and on disk.
      if (view.queueAsOf !== undefined) view.queueAsOf = null;
      view.queue = withTenant(event.items);
      view.lastCheckedAt = patch.lastCheckedAt ?? view.lastCheckedAt;
      if (options.keptQueue) {
        // Tracked, so close() (stop, sign-out) waits for it.
        const write = keepQueue(options.keptQueue, session.account.id, event.at, event.items);
        keepWrites.add(write);
        void write.finally(() => keepWrites.delete(write));
      }
    }
    settle();
    view.kinds = kinds.kinds();
    hooks.changed(true);
    if (!event.ok && (event.error.kind === 'network' || event.error.kind === 'timeout')) {
      // Tell "offline" (no route, proxy, captive portal) from "Azure did not answer".
      void watch.probe().then((answer) => {
        if (answer === 'online' && lastPoll === patch) lastPoll = { ...patch, connection: 'error' };
        if (closed) return;
        settle();
        hooks.changed(false);
      });
    }
  }

  const disposers = [
    poller.onPoll(onPollEvent),
    watch.onChange((answer) => {
      if (closed) return;
      settle();
      hooks.changed(false);
      // Azure answers again (a probe or a poll): look for requests now rather than at the next
      // backoff, and let the outbox send what waits now rather than at its next probe.
      if (answer === 'online') {
        void poller.trigger('reconnect');
        if (!hooks.osOffline()) sink?.setOnline?.(true);
        hooks.reachedAgain();
      }
    }),
  ];

  return {
    id: session.account.id,
    session,
    tenant,
    services,
    reach: watch,
    poller,
    kindsPoll: kinds,
    sink,
    view: () => view,
    route(kind) {
      const service = sending.of(kind);
      if (!service) return null;
      // Graph services carry Graph's budget; ARM's decisions draw from this tenant's ARM budget.
      // The service's own functions, not closures here: a decision's calls never run through core/app.
      return service.budgets ? service : { ...service, budgets: { reads: budgets.reads, writes: budgets.writes } };
    },
    async restore() {
      // Online or not, the last known queue shows at once; the first poll then replaces it.
      const restored = options.keptQueue ? await restoreKeptQueue(options.keptQueue, session.account.id) : null;
      if (!restored || closed || lastPoll !== null) return;
      view.queue = withTenant(withoutWaitingDecisions(restored.queue, hooks.decisions()));
      view.lastCheckedAt = restored.lastCheckedAt;
      view.queueAsOf = restored.queueAsOf;
      hooks.changed(false);
    },
    async start() {
      const first = new Promise<void>((resolve) => {
        const off = poller.onPoll(() => (off(), resolve()));
      });
      poller.start();
      // Paused (offline, asleep) there is no first check to wait for.
      if (hooks.osOffline() || hooks.paused() !== null) return;
      await first;
    },
    trigger: (reason) => poller.trigger(reason),
    take(itemIds) {
      view.queue = view.queue.filter((i) => !itemIds.has(i.id));
    },
    setOsOffline(offline) {
      sink?.setOnline?.(!offline);
      settle();
    },
    async close() {
      closed = true;
      for (const dispose of disposers.splice(0)) dispose();
      await poller.stop();
      // A kept-queue write under way ends before we say we stopped: whoever removes the data
      // directory next (a test, an uninstall) must not race its temp file.
      await Promise.all(keepWrites);
      await sink?.close?.();
    },
  };
}
