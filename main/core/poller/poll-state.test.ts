import { describe, expect, it } from 'vitest';
import { queueItem } from '../../../test/kit/item-fixture';
import type { PollEvent } from './poller';
import { statePatchFromPoll } from './poll-state';

const at = Date.parse('2026-01-05T12:04:00Z');
const failed = (kind: string, message = 'boom', status?: number): PollEvent => ({
  ok: false,
  reason: 'interval',
  at,
  error: { kind, message, ...(status !== undefined ? { status } : {}) },
  failures: 1,
  nextPollAt: at + 30_000,
});

describe('statePatchFromPoll', () => {
  it('a success sets the queue, online and the time of the check', () => {
    const items = [queueItem(1)];
    expect(statePatchFromPoll({ ok: true, reason: 'start', at, items, diff: { added: items, removed: [], changed: [] }, nextPollAt: at + 60_000 })).toEqual({
      queue: items,
      connection: 'online',
      problem: null,
      lastCheckedAt: '2026-01-05T12:04:00.000Z',
    });
  });

  it('maps each failure to a connection state, says what failed and what to do, and keeps the last known queue', () => {
    expect(statePatchFromPoll(failed('unauthorized'))).toMatchObject({ connection: 'signed-out', problem: expect.stringMatching(/Sign in again/) });
    expect(statePatchFromPoll(failed('network', 'Could not reach ARM: connection refused'))).toEqual({
      connection: 'offline',
      problem: 'Could not check for requests: Could not reach ARM: connection refused. Decisions wait and are sent when Azure answers again.',
    });
    expect(statePatchFromPoll(failed('timeout', 'Azure did not answer within 15 s.'))).toMatchObject({ connection: 'offline', problem: expect.stringContaining('did not answer within 15 s.') });
    expect(statePatchFromPoll(failed('throttled'))).toEqual({ problem: expect.stringContaining('slow down') });
    expect(statePatchFromPoll(failed('http', 'The service is temporarily unavailable. Please retry the request.', 503))).toEqual({
      connection: 'error',
      problem: 'Could not check for requests: Azure answered 503 (The service is temporarily unavailable. Please retry the request). It is checked again automatically; Retry checks now.',
    });
    expect(statePatchFromPoll(failed('http', 'no access', 403)).problem).toMatch(/refused the list \(403\) \(no access\)\. You may no longer be an approver/);
    for (const kind of ['parse', 'too-large', 'foreign-link', 'internal']) {
      expect(statePatchFromPoll(failed(kind, `${kind} went wrong`))).toEqual({ connection: 'error', problem: `Could not check for requests: ${kind} went wrong. It is checked again automatically; Retry checks now.` });
    }
    for (const kind of ['unauthorized', 'network', 'throttled', 'http']) expect(statePatchFromPoll(failed(kind))).not.toHaveProperty('queue');
  });
});
