/**
 * armQueuePoll: the poll function the poller runs against ARM — pollOnce with the seen-set
 * and approval cache kept between polls, stamped with the Clock's time. Owns that memory
 * for one account; makes no call pollOnce would not make.
 */
import type { Approval, ArmApi } from '../arm/types';
import type { Clock } from '../clock';
import { pollOnce } from '../queue/poll-once';
import type { PollResult } from './poller';

export interface ArmQueuePollOptions {
  api: ArmApi;
  accountId: string;
  clock: Clock;
  /** My principal object id, so my own requests show read-only (ARM refuses self-approval). */
  principalId?: string | null;
  /** Approval GETs in parallel on a first poll (pollOnce's default when unset). */
  concurrency?: number;
}

export function armQueuePoll(options: ArmQueuePollOptions): (signal: AbortSignal) => Promise<PollResult> {
  const seen = new Set<string>();
  const approvals = new Map<string, Approval>();
  return (signal) =>
    pollOnce(options.api, seen, {
      accountId: options.accountId,
      now: options.clock.now(),
      approvals,
      principalId: options.principalId ?? null,
      signal,
      ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    });
}
