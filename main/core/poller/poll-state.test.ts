import { describe, expect, it } from 'vitest';
import { queueItem } from '../notify/item-fixture';
import type { PollEvent } from './poller';
import { statePatchFromPoll } from './poll-state';

const at = Date.parse('2026-01-05T12:04:00Z');
const failed = (kind: string, message = 'boom'): PollEvent => ({ ok: false, reason: 'interval', at, error: { kind, message }, failures: 1, nextPollAt: at + 30_000 });

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

  it('maps each failure to a connection state and keeps the last known queue', () => {
    expect(statePatchFromPoll(failed('unauthorized'))).toMatchObject({ connection: 'signed-out' });
    expect(statePatchFromPoll(failed('network', 'connection refused'))).toEqual({ connection: 'offline', problem: 'Cannot reach Azure (connection refused). Requests are checked again when the network is back.' });
    expect(statePatchFromPoll(failed('timeout'))).toMatchObject({ connection: 'offline' });
    expect(statePatchFromPoll(failed('throttled'))).toEqual({ problem: expect.stringContaining('slow down') });
    for (const kind of ['http', 'parse', 'too-large', 'foreign-link', 'internal']) {
      expect(statePatchFromPoll(failed(kind, `${kind} went wrong`))).toEqual({ connection: 'error', problem: `${kind} went wrong` });
    }
    for (const kind of ['unauthorized', 'network', 'throttled', 'http']) expect(statePatchFromPoll(failed(kind))).not.toHaveProperty('queue');
  });
});
