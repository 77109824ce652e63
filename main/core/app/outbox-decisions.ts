/**
 * The app's decision sink: every decision goes into the durable outbox (journaled before
 * anything is sent) and the outbox's pump sends it after the undo window, exactly once.
 * Maps outbox entries to the history rows the window shows; never exposes justifications.
 */
import type { DecisionOutcome, OutboxEntryDto, QueueItemDto, ReviewResult } from '../../../preload/api';
import type { Clock } from '../clock';
import { armProbe, openOutbox, requestSummaryOf, type Outbox, type OutboxLogger } from '../outbox';
import { isFinal, type OutboxEntry } from '../outbox/types';
import type { AccountSession, DecisionSink } from './app-core';
import { decisionRoute } from './decision-route';
import type { Budgets } from './budgeted-arm';

export function toOutboxEntryDto(entry: OutboxEntry): OutboxEntryDto {
  return {
    id: entry.id,
    itemId: entry.stageId,
    kind: entry.kind,
    requestId: entry.request.requestId ?? null,
    result: entry.result,
    state: entry.state,
    message: entry.outcomeMessage ?? entry.lastError?.message ?? null,
    summary: {
      role: entry.request.role,
      scope: entry.request.scope,
      requester: entry.request.requester,
      ...(entry.request.access ? { access: entry.request.access } : {}),
    },
    createdAt: new Date(entry.createdAt).toISOString(),
    updatedAt: new Date(entry.updatedAt).toISOString(),
  };
}

export interface OutboxDecisionsOptions {
  outbox: Outbox;
  accountId: string;
  /** Whether the network is believed up, for the words of a freshly queued decision. */
  online: () => boolean;
  undoSeconds: number;
}

export function outboxDecisions(options: OutboxDecisionsOptions): DecisionSink & { cancel(id: string): Promise<{ ok: boolean; reason?: string }> } {
  const { outbox } = options;
  return {
    async submit(item: QueueItemDto, result: ReviewResult, justification: string): Promise<DecisionOutcome> {
      const entry = (await outbox.enqueue({
        accountId: options.accountId,
        kind: item.kind,
        stageId: item.id,
        result,
        justification,
        request: requestSummaryOf(item),
      })).entry;
      const verb = result === 'Approve' ? 'Approval' : 'Denial';
      const message = options.online()
        ? `${verb} will be sent in ${options.undoSeconds} s (undo in Outbox & history)`
        : `${verb} waiting to send (offline)`;
      return { itemId: item.id, outcome: 'queued', message, entryId: entry.id };
    },
    list: async () => outbox.list().map(toOutboxEntryDto),
    pending: () => outbox.list().filter((e) => !isFinal(e.state)).length,
    sending: () => outbox.list().filter((e) => e.state === 'sending').length,
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
}

/** Opens the account's outbox with background sending, probing the session's ARM origin. */
export async function openOutboxDecisions(options: OpenOutboxDecisionsOptions): Promise<DecisionSink> {
  const { session } = options;
  let online = true;
  const outbox = await openOutbox({
    dir: options.dir,
    api: (accountId, kind) => (accountId === session.account.id ? decisionRoute(session, kind) : null),
    clock: options.clock,
    undoMs: options.undoMs,
    autoSync: true,
    probe: armProbe({ endpoint: session.armEndpoint }),
    principalId: async () => session.principalId,
    ...(options.budgets ? { budgets: options.budgets } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  const sink = outboxDecisions({ outbox, accountId: session.account.id, online: () => online, undoSeconds: Math.round(options.undoMs / 1000) });
  return {
    ...sink,
    setOnline(value) {
      online = value;
      outbox.setOnline(value);
    },
    close: () => outbox.close(),
  };
}
