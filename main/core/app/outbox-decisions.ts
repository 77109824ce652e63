/**
 * The app's decision sink: every decision goes into the durable outbox (journaled before
 * anything is sent) and the outbox's pump sends it after the undo window, exactly once.
 * Words every answer from the entry the outbox holds (entry-outcome.ts), shares the
 * outbox's reachability probe with the app, and never exposes justifications.
 */
import type { DecisionOutcome, QueueItemDto, ReviewResult } from '../model/state';
import type { Clock } from '../clock';
import { armProbe, openOutbox, requestSummaryOf, type Outbox, type OutboxLogger } from '../outbox';
import { accountKey } from '../outbox/stage-key';
import { isFinal } from '../outbox/types';
import type { AccountSession, DecisionRoutes, DecisionSink } from './app-core';
import { sessionServices } from '../services/registry';
import type { Budgets } from './budgeted-arm';
import { outcomeOfEntry, toOutboxEntryDto } from './entry-outcome';
import { reachabilityWatch, type ReachabilityWatch } from './reachability';

export interface OutboxDecisionsOptions {
  outbox: Outbox;
  /** Whether Azure is believed reachable (OS and probe), for the words of a waiting decision. */
  online: () => boolean;
  now: () => number;
}

/** How long a settled decision stays in AppState.decisions, so its message can still update in place. */
export const RECENT_MS = 10 * 60_000;
/** At most this many entries travel with every state push (a bulk decision of hundreds stays cheap). */
export const RECENT_MAX = 200;
/** A failed decision counts in the footer and tray for a day: after that its request has expired anyway. */
export const FAILED_COUNTS_MS = 24 * 60 * 60_000;

export function outboxDecisions(options: OutboxDecisionsOptions): DecisionSink & { cancel(id: string): Promise<{ ok: boolean; reason?: string }> } {
  const { outbox } = options;
  const words = () => ({ now: options.now(), online: options.online() });
  return {
    async submit(item: QueueItemDto, result: ReviewResult, justification: string): Promise<DecisionOutcome> {
      const enqueued = await outbox.enqueue({
        // Journaled under the item's own account: it is sent through that account's route only.
        accountId: item.accountId,
        kind: item.kind,
        stageId: item.id,
        result,
        justification,
        request: requestSummaryOf(item),
      });
      // Worded from the entry the outbox holds for this stage (created now, or there before),
      // never from `result`: a deny after an approve must not read "Denial will be sent".
      if (enqueued.status === 'refused') {
        return { itemId: item.id, outcome: 'refused', message: enqueued.message, entryId: enqueued.entry.id, recordedResult: enqueued.entry.result };
      }
      return outcomeOfEntry(enqueued.entry, item.id, words());
    },
    list: async () => outbox.list().map(toOutboxEntryDto),
    // Full entries (justifications included) for the history export in main; never sent to the window.
    entries: () => outbox.list(),
    pending: () => outbox.list().filter((e) => !isFinal(e.state)).length,
    sending: () => outbox.list().filter((e) => e.state === 'sending').length,
    failed: () => {
      const since = options.now() - FAILED_COUNTS_MS;
      return outbox.list().filter((e) => e.state === 'failed' && e.updatedAt >= since).length;
    },
    recent: () => {
      const since = options.now() - RECENT_MS;
      return outbox
        .list()
        .filter((e) => !isFinal(e.state) || e.updatedAt >= since)
        .slice(0, RECENT_MAX)
        .map(toOutboxEntryDto);
    },
    onChange: (listener) => outbox.onChange(() => listener()),
    async cancel(id) {
      const done = await outbox.cancel(id);
      return done.ok ? { ok: true } : { ok: false, reason: done.reason };
    },
  };
}

export interface OpenOutboxDecisionsOptions {
  dir: string;
  session: AccountSession;
  clock: Clock;
  undoMs: number;
  /** The tenant's rate budget, shared with the poller. */
  budgets?: Budgets;
  logger?: OutboxLogger;
  /** The session's reachability, shared with the app so a failed probe shows as Offline. */
  reachability?: ReachabilityWatch;
}

/** Opens the account's outbox with background sending, probing the session's ARM origin. */
export async function openOutboxDecisions(options: OpenOutboxDecisionsOptions): Promise<DecisionSink> {
  const { session, clock } = options;
  let osOnline = true;
  const reach = options.reachability ?? reachabilityWatch(armProbe({ endpoint: session.armEndpoint }));
  const graphBudgets = options.budgets?.graph;
  const services = sessionServices({ api: session.api, graph: session.graph && graphBudgets ? { ...session.graph, budgets: graphBudgets } : session.graph });
  const outbox = await openOutbox({
    dir: options.dir,
    // accountKey: the CLI writes ids derived from token claims lower-cased; one person is one account.
    api: (accountId, kind) => (accountKey(accountId) === accountKey(session.account.id) ? services.of(kind) : null),
    clock,
    undoMs: options.undoMs,
    autoSync: true,
    probe: reach.probe,
    principalId: async () => session.principalId,
    ...(options.budgets ? { budgets: options.budgets } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const sink = outboxDecisions({ outbox, online: () => osOnline && reach.last() === 'online', now: () => clock.now() });
  return {
    ...sink,
    setOnline(value) {
      osOnline = value;
      outbox.setOnline(value);
    },
    close: () => outbox.close(),
  };
}

export interface OpenAppOutboxOptions {
  dir: string;
  clock: Clock;
  undoMs: number;
  /** Where each account's decisions go (the core's lanes); null: the entry waits for that account. */
  routes: DecisionRoutes;
  logger?: OutboxLogger;
}

/**
 * Opens the app's one outbox, for every account: each entry is sent through its own
 * account's route with that account's budgets, and waits while that account is signed out.
 */
export async function openAppOutbox(options: OpenAppOutboxOptions): Promise<DecisionSink> {
  const { routes, clock } = options;
  let osOnline = true;
  const outbox = await openOutbox({
    dir: options.dir,
    api: routes.api,
    clock,
    undoMs: options.undoMs,
    autoSync: true,
    probe: routes.probe,
    principalId: routes.principalId,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const sink = outboxDecisions({ outbox, online: () => osOnline && routes.online(), now: () => clock.now() });
  return {
    ...sink,
    setOnline(value) {
      osOnline = value;
      outbox.setOnline(value);
    },
    kick: () => outbox.resumed(),
    close: () => outbox.close(),
  };
}
