/**
 * queuePoll: the poll function for every kind an account can approve — the ARM poll for
 * Azure resources, and one Graph poll per Graph kind the session can read — merged into one
 * queue, soonest expiry first. Owns each kind's status: a kind whose permission cannot be
 * had (no consent) or that Graph refuses (403) is turned off with its reason and checked
 * again after `recheckMs` or when the user asks (Refresh); ARM alone keeps working.
 * A failed ARM poll fails the poll (the connection state follows ARM); a failed Graph poll
 * keeps that kind's last items and says so in its status.
 */
import type { KindStatus } from '../../../preload/api';
import type { Approval } from '../arm/types';
import { graphRefusal } from '../graph/refusal';
import type { GraphSession } from '../app/app-core';
import { GRAPH_KINDS, type GraphKind } from '../graph/types';
import { bySoonestExpiry } from '../queue/build-queue';
import { graphPollOnce } from '../queue/graph-poll-once';
import type { QueueItem } from '../queue/queue-item';
import { armQueuePoll, type ArmQueuePollOptions } from './arm-poll';
import type { PollResult } from './poller';
import { POLL_READ_DEADLINE_MS } from '../app/budgeted-arm';

export interface QueuePollOptions extends ArmQueuePollOptions {
  /** Absent: the Graph kinds are off ("no Microsoft Graph access in this session"). */
  graph?: GraphSession | undefined;
  /** How long a kind stays off before it is tried again (default 15 minutes). */
  recheckMs?: number;
  /**
   * A Graph kind's check that has not finished after this long counts as failed (its last
   * items stay, marked out of date), so one hanging service never holds up the whole check.
   */
  readDeadlineMs?: number;
}

export interface QueuePoll {
  poll(signal: AbortSignal): Promise<PollResult>;
  /** Every kind's status, Azure resources first. */
  kinds(): KindStatus[];
  /** Try the kinds that are off at the next poll (the user pressed Refresh). */
  recheck(): void;
}

export const DEFAULT_RECHECK_MS = 15 * 60_000;

interface KindMemory {
  status: KindStatus;
  offSince: number | null;
  seen: Set<string>;
  approvals: Map<string, Approval>;
  items: QueueItem[];
}

/** What the window shows before the first poll. */
export function initialKinds(hasGraph: boolean): KindStatus[] {
  return [ARM_ACTIVE, ...GRAPH_KINDS.map((kind) => initialStatus(kind, hasGraph))];
}

function initialStatus(kind: GraphKind, hasGraph: boolean): KindStatus {
  return hasGraph ? { kind, status: 'checking', reason: null } : { kind, status: 'off', reason: NO_GRAPH };
}

const NO_GRAPH = 'This session has no Microsoft Graph access.';
/** Azure resources are ARM's: whenever the app polls at all, this kind is read. */
const ARM_ACTIVE: KindStatus = { kind: 'azureResource', status: 'active', reason: null };

export function queuePoll(options: QueuePollOptions): QueuePoll {
  const arm = armQueuePoll(options);
  const recheckMs = options.recheckMs ?? DEFAULT_RECHECK_MS;
  let recheckAll = false;
  const memory = new Map<GraphKind, KindMemory>(
    GRAPH_KINDS.map((kind) => [kind, { status: initialStatus(kind, !!options.graph), offSince: null, seen: new Set(), approvals: new Map(), items: [] }]),
  );

  function turnOff(m: KindMemory, kind: GraphKind, reason: string): void {
    m.status = { kind, status: 'off', reason };
    m.offSince = options.clock.now();
    m.items = [];
    m.seen.clear();
    m.approvals.clear();
  }

  async function pollKind(kind: GraphKind, m: KindMemory, recheck: boolean, signal: AbortSignal): Promise<void> {
    const graph = options.graph;
    if (!graph) return;
    if (m.status.status === 'off' && !recheck && options.clock.now() - (m.offSince ?? 0) < recheckMs) return;
    const access = await graph.access(kind);
    if (!access.ok && access.transient) {
      m.status = { kind, status: m.status.status === 'off' ? 'off' : 'active', reason: access.reason };
      return;
    }
    if (!access.ok) return turnOff(m, kind, access.reason);
    const deadline = AbortSignal.timeout(options.readDeadlineMs ?? POLL_READ_DEADLINE_MS);
    const polled = await graphPollOnce(graph.api, kind, m.seen, {
      accountId: options.accountId,
      now: options.clock.now(),
      approvals: m.approvals,
      principalId: options.principalId ?? null,
      signal: AbortSignal.any([signal, deadline]),
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    });
    if (!polled.ok && deadline.aborted && !signal.aborted) {
      m.status = { kind, status: 'active', reason: `The last check failed: Microsoft Graph did not answer in time. The list may be out of date.` };
    } else if (polled.ok) {
      m.items = polled.value;
      m.status = { kind, status: 'active', reason: null };
      m.offSince = null;
    } else if (polled.error.status === 403) {
      turnOff(m, kind, graphRefusal(kind, polled.error));
    } else {
      // Keep showing what we last knew; say that it may be stale.
      m.status = { kind, status: 'active', reason: `The last check failed: ${polled.error.message} The list may be out of date.` };
    }
  }

  return {
    async poll(signal) {
      const recheck = recheckAll;
      recheckAll = false;
      const [armResult] = await Promise.all([arm(signal), ...GRAPH_KINDS.map((kind) => pollKind(kind, memory.get(kind) as KindMemory, recheck, signal))]);
      if (!armResult.ok) return armResult;
      const graphItems = [...memory.values()].flatMap((m) => (m.status.status === 'active' ? m.items : []));
      return { ok: true, value: [...armResult.value, ...graphItems].sort(bySoonestExpiry) };
    },
    kinds: () => [ARM_ACTIVE, ...GRAPH_KINDS.map((kind) => (memory.get(kind) as KindMemory).status)],
    recheck() {
      recheckAll = true;
    },
  };
}
