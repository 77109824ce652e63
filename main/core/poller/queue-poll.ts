/**
 * queuePoll: the poll function for every kind an account can approve — one reader per
 * service in the account's registry, merged into one queue, soonest expiry first. Owns each
 * kind's status: a service whose permission cannot be had (no consent) or that refuses
 * (403) is turned off with its reason and checked again after `recheckMs` or when the user
 * asks (Refresh); the others keep working. A failed read of the essential service (ARM)
 * fails the poll (the connection state follows it); any other service's failed read keeps
 * its last items and says so in its status. Never asks which kind a service is.
 */
import type { KindStatus } from '../model/state';
import { KIND_ORDER } from '../model/item-labels';
import type { Clock } from '../clock';
import type { ApprovalService, WaitingReader } from '../services/approval-service';
import type { ServiceRegistry } from '../services/registry';
import { bySoonestExpiry } from '../queue/build-queue';
import type { QueueItem } from '../queue/queue-item';
import type { PollResult } from './poller';

export interface QueuePollOptions {
  services: ServiceRegistry;
  accountId: string;
  clock: Clock;
  /** My principal object id, so my own requests show read-only (Azure refuses self-approval). */
  principalId?: string | null;
  /** Approval GETs in parallel on a first poll (each reader's default when unset). */
  concurrency?: number;
  /** How long a kind stays off before it is tried again (default 15 minutes). */
  recheckMs?: number;
  /**
   * A service's check that has not finished after this long counts as failed (its last
   * items stay, marked out of date), so one hanging service never holds up the whole check.
   * The essential service's reads carry their own deadline (budgeted-arm.ts).
   */
  readDeadlineMs?: number;
}

export interface QueuePoll {
  poll(signal: AbortSignal): Promise<PollResult>;
  /** Every kind's status, in the window's kind order. */
  kinds(): KindStatus[];
  /** Try the kinds that are off at the next poll (the user pressed Refresh). */
  recheck(): void;
}

export const DEFAULT_RECHECK_MS = 15 * 60_000;

/** How long one check may read: long enough for a busy approver's paged list on a slow link, short enough to say "no answer" promptly. */
export const POLL_READ_DEADLINE_MS = 15_000;

interface KindMemory {
  service: ApprovalService;
  status: KindStatus;
  offSince: number | null;
  read: WaitingReader;
  items: QueueItem[];
}

/** What the window shows before the first poll. */
export function initialKinds(services: ServiceRegistry): KindStatus[] {
  return inKindOrder([...services.services.map(initialStatus), ...services.unavailable.map(({ kind, reason }) => ({ kind, status: 'off' as const, reason }))]);
}

function initialStatus(service: ApprovalService): KindStatus {
  // The essential service is read whenever the app polls at all.
  return { kind: service.kind, status: service.essential ? 'active' : 'checking', reason: null };
}

function inKindOrder(kinds: KindStatus[]): KindStatus[] {
  return kinds.sort((a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind));
}

export function queuePoll(options: QueuePollOptions): QueuePoll {
  const recheckMs = options.recheckMs ?? DEFAULT_RECHECK_MS;
  const context = {
    accountId: options.accountId,
    principalId: options.principalId ?? null,
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
  };
  let recheckAll = false;
  const memory: KindMemory[] = options.services.services.map((service) => ({
    service,
    status: initialStatus(service),
    offSince: null,
    read: service.waiting(context),
    items: [],
  }));
  const unavailable: KindStatus[] = options.services.unavailable.map(({ kind, reason }) => ({ kind, status: 'off', reason }));

  function turnOff(m: KindMemory, reason: string): void {
    m.status = { kind: m.service.kind, status: 'off', reason };
    m.offSince = options.clock.now();
    m.items = [];
    m.read = m.service.waiting(context); // back on, it starts afresh
  }

  /** The essential service: its failure is the poll's. */
  async function pollEssential(m: KindMemory, signal: AbortSignal): Promise<PollResult> {
    const polled = await m.read(signal);
    if (polled.ok) m.items = polled.value;
    return polled;
  }

  async function pollOptional(m: KindMemory, recheck: boolean, signal: AbortSignal): Promise<void> {
    const kind = m.service.kind;
    if (m.status.status === 'off' && !recheck && options.clock.now() - (m.offSince ?? 0) < recheckMs) return;
    const access = await m.service.access();
    if (!access.ok && access.transient) {
      m.status = { kind, status: m.status.status === 'off' ? 'off' : 'active', reason: access.reason };
      return;
    }
    if (!access.ok) return turnOff(m, access.reason);
    const deadline = AbortSignal.timeout(options.readDeadlineMs ?? POLL_READ_DEADLINE_MS);
    const polled = await m.read(AbortSignal.any([signal, deadline]));
    if (!polled.ok && deadline.aborted && !signal.aborted) {
      m.status = { kind, status: 'active', reason: `The last check failed: ${m.service.serviceName} did not answer in time. The list may be out of date.` };
    } else if (polled.ok) {
      m.items = polled.value;
      m.status = { kind, status: 'active', reason: null };
      m.offSince = null;
    } else if (polled.error.status === 403) {
      turnOff(m, m.service.problem(polled.error));
    } else {
      // Keep showing what we last knew; say that it may be stale.
      m.status = { kind, status: 'active', reason: `The last check failed: ${polled.error.message} The list may be out of date.` };
    }
  }

  return {
    async poll(signal) {
      const recheck = recheckAll;
      recheckAll = false;
      const results = await Promise.all(memory.map((m) => (m.service.essential ? pollEssential(m, signal) : pollOptional(m, recheck, signal).then(() => null))));
      const failed = results.find((r): r is Extract<PollResult, { ok: false }> => r !== null && !r.ok);
      if (failed) return failed;
      return { ok: true, value: memory.flatMap((m) => (m.status.status === 'active' ? m.items : [])).sort(bySoonestExpiry) };
    },
    kinds: () => inKindOrder([...memory.map((m) => m.status), ...unavailable]),
    recheck() {
      recheckAll = true;
    },
  };
}
