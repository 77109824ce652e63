/**
 * The queue source for one signed-in account on ARM: a poll is pollOnce (one list call in
 * steady state) with its seen-set and approval cache kept here between polls; problems
 * become the connection state a person can act on. Decisions go to the injected decider
 * (the outbox in the app), so this file never writes to ARM itself.
 */
import type { AppState, DecisionOutcome, QueueItemDto, ReviewResult } from '../../../preload/api';
import type { Approval, ArmApi, ArmError } from '../arm/types';
import type { Clock } from '../clock';
import { pollOnce } from '../queue/poll-once';
import type { QueueSource } from './app-core';

export interface ArmSourceOptions {
  api: ArmApi;
  account: NonNullable<AppState['account']>;
  clock: Clock;
  /** My principal object id, so my own requests show read-only (ARM refuses self-approval). */
  principalId?: string | null;
  decide: (item: QueueItemDto, result: ReviewResult, justification: string) => Promise<DecisionOutcome>;
}

/** How a failed poll reads in the window, and what it says about the connection. */
export function describePollError(error: ArmError): { connection: 'offline' | 'signed-out' | 'error'; problem: string } {
  switch (error.kind) {
    case 'network':
    case 'timeout':
      return { connection: 'offline', problem: 'Azure cannot be reached. Decisions will be queued and sent when the connection returns.' };
    case 'unauthorized':
      return { connection: 'signed-out', problem: 'Your session has ended. Sign in again to see waiting requests.' };
    case 'throttled':
      return { connection: 'error', problem: `Azure asked us to slow down; checking again in ${Math.ceil((error.retryAfterMs ?? 0) / 1000)} s.` };
    default:
      return { connection: 'error', problem: `Could not check for requests: ${error.message}` };
  }
}

export function createArmSource(options: ArmSourceOptions): QueueSource & { poll(signal?: AbortSignal): ReturnType<QueueSource['poll']> } {
  const seen = new Set<string>();
  const approvals = new Map<string, Approval>();
  return {
    accountId: options.account.id,
    account: options.account,
    async poll(signal?: AbortSignal) {
      const result = await pollOnce(options.api, seen, { accountId: options.account.id, now: options.clock.now(), approvals, principalId: options.principalId ?? null, signal });
      if (result.ok) return { ok: true, items: result.value };
      return { ok: false, ...describePollError(result.error) };
    },
    decide: options.decide,
  };
}
