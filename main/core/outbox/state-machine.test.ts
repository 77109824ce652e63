import { describe, expect, it } from 'vitest';
import { canApply, effectiveNotBefore, isDue, newestFirst, transition, type OutboxEvent } from './state-machine';
import { MAX_RETRY_WAIT_MS, RETRY_BEFORE_EXPIRY_MS } from './backoff';
import { FINAL_STATES, isFinal, type EntryState } from './types';
import { makeEntry } from '../../../test/kit/test-entries';

const states: EntryState[] = ['queued', 'sending', 'done', 'conflict', 'expired', 'failed', 'cancelled'];
const trace = [{ attempt: 1, clientRequestId: 'c-1', requestId: 'r-1', at: 5_000 }];
const events: Record<OutboxEvent['type'], OutboxEvent> = {
  send: { type: 'send' },
  outcome: { type: 'outcome', outcome: 'conflict', message: 'Already approved by Grace Hopper', decidedBy: 'Grace Hopper', trace },
  failed: { type: 'failed', error: { message: 'no', status: 403, code: 'AuthorizationFailed' }, message: 'Azure refused the decision (403): no', trace },
  transient: { type: 'transient', error: { message: 'boom', status: 503 }, random: 0, trace },
  'signed-out': { type: 'signed-out', error: { message: 'token refused' }, waitMs: 60_000 },
  cancel: { type: 'cancel' },
};
// The whole table: which event may leave which state.
const expected: Record<OutboxEvent['type'], EntryState[]> = {
  send: ['queued', 'sending'],
  outcome: ['sending'],
  failed: ['sending'],
  transient: ['sending'],
  'signed-out': ['sending'],
  cancel: ['queued'],
};
const policy = { baseMs: 1_000, maxMs: 60_000 };

describe('outbox state machine', () => {
  for (const state of states) {
    for (const [type, event] of Object.entries(events) as [OutboxEvent['type'], OutboxEvent][]) {
      const allowed = expected[type].includes(state);
      it(`${type} from ${state} is ${allowed ? 'allowed' : 'refused'}`, () => {
        expect(canApply(state, type)).toBe(allowed);
        const before = makeEntry({ state, attempts: 2 });
        const t = transition(before, event, 9_000, policy);
        expect(t.ok).toBe(allowed);
        if (!t.ok) {
          expect(t.reason).toBe(`cannot ${type} a ${state} decision`);
          return;
        }
        expect(t.entry.updatedAt).toBe(9_000);
        expect(t.entry.id).toBe(before.id);
        expect(t.entry.justification).toBe(before.justification);
        expect(before.state).toBe(state); // input untouched
      });
    }
  }

  it('send counts the attempt and keeps notBefore', () => {
    const t = transition(makeEntry({ attempts: 0, notBefore: 700 }), events.send, 2_000);
    expect(t).toMatchObject({ ok: true, entry: { state: 'sending', attempts: 1, notBefore: 700 } });
  });

  it('recovery send from sending counts another attempt', () => {
    const t = transition(makeEntry({ state: 'sending', attempts: 1 }), events.send, 2_000);
    expect(t).toMatchObject({ ok: true, entry: { state: 'sending', attempts: 2 } });
  });

  it('outcome records the message, the decider and the trace, and clears the last error', () => {
    const t = transition(makeEntry({ state: 'sending', lastError: { message: 'old' } }), events.outcome, 2_000);
    expect(t.ok && t.entry).toMatchObject({ state: 'conflict', outcomeMessage: 'Already approved by Grace Hopper', decidedBy: 'Grace Hopper', lastError: null, requestIds: trace });
  });

  for (const outcome of ['done', 'conflict', 'expired'] as const) {
    it(`outcome ${outcome} is final`, () => {
      const t = transition(makeEntry({ state: 'sending' }), { type: 'outcome', outcome, message: 'm', decidedBy: null }, 2_000);
      expect(t.ok && isFinal(t.entry.state)).toBe(true);
      expect(t.ok && t.entry.requestIds).toEqual([]);
    });
  }

  it('failed keeps the error for the user', () => {
    const t = transition(makeEntry({ state: 'sending' }), events.failed, 2_000);
    expect(t.ok && t.entry).toMatchObject({ state: 'failed', lastError: { status: 403, code: 'AuthorizationFailed' }, outcomeMessage: 'Azure refused the decision (403): no' });
  });

  it('transient goes back to queued with a backoff that grows with attempts', () => {
    const delays = [1, 2, 3, 4].map((attempts) => {
      const t = transition(makeEntry({ state: 'sending', attempts }), events.transient, 10_000, policy);
      if (!t.ok) throw new Error(t.reason);
      expect(t.entry.state).toBe('queued');
      expect(t.entry.lastError).toEqual({ message: 'boom', status: 503 });
      expect(t.entry.requestIds).toEqual(trace);
      return t.entry.notBefore - 10_000;
    });
    expect(delays).toEqual([500, 1_000, 2_000, 4_000]);
  });

  it('transient honours Retry-After', () => {
    const t = transition(makeEntry({ state: 'sending', attempts: 1 }), { ...events.transient, retryAfterMs: 30_000 } as OutboxEvent, 10_000, policy);
    expect(t.ok && t.entry.notBefore).toBe(40_000);
  });

  it('a Retry-After in 2037 parks the entry 15 minutes, not 11 years', () => {
    const now = Date.parse('2026-01-05T09:00:00Z');
    const in2037 = Date.parse('2037-01-01T00:00:00Z') - now;
    const t = transition(makeEntry({ state: 'sending', attempts: 1 }), { ...events.transient, retryAfterMs: in2037 } as OutboxEvent, now, policy);
    expect(t.ok && t.entry.notBefore).toBe(now + MAX_RETRY_WAIT_MS);
  });

  it('a retry is never scheduled past the request\'s expiry: a minute before it instead', () => {
    const now = Date.parse('2026-01-05T09:00:00Z');
    const request = { role: 'Owner', scope: 'Prod', requester: 'Ada', expiresAt: '2026-01-05T09:05:00Z' };
    const t = transition(makeEntry({ state: 'sending', attempts: 1, request }), { ...events.transient, retryAfterMs: 10 * 60_000 } as OutboxEvent, now, policy);
    expect(t.ok && t.entry.notBefore).toBe(Date.parse('2026-01-05T09:05:00Z') - RETRY_BEFORE_EXPIRY_MS);
    const signedOut = transition(makeEntry({ state: 'sending', attempts: 1, request }), { ...events['signed-out'], waitMs: 3_600_000 } as OutboxEvent, now);
    expect(signedOut.ok && signedOut.entry.notBefore).toBe(Date.parse('2026-01-05T09:04:00Z'));
  });

  it('a write that may be in flight stamps inFlightSince once; a new write restarts it; an outcome clears it', () => {
    const inFlight = { ...events.transient, writeMayBeInFlight: true } as OutboxEvent;
    const first = transition(makeEntry({ state: 'sending', attempts: 1 }), { ...inFlight, newWrite: true } as OutboxEvent, 10_000, policy);
    expect(first.ok && first.entry.inFlightSince).toBe(10_000);
    const stamped = makeEntry({ state: 'sending', attempts: 2, inFlightSince: 10_000 });
    // A later try that only read keeps the first stamp (the write it waits for is that old).
    expect(transition(stamped, inFlight, 20_000, policy)).toMatchObject({ ok: true, entry: { inFlightSince: 10_000 } });
    // A try whose read failed says nothing about the write: the stamp stays.
    expect(transition(stamped, events.transient, 20_000, policy)).toMatchObject({ ok: true, entry: { inFlightSince: 10_000 } });
    // A try that wrote again (the first write evidently lost) starts a new wait.
    expect(transition(stamped, { ...inFlight, newWrite: true } as OutboxEvent, 900_000, policy)).toMatchObject({ ok: true, entry: { inFlightSince: 900_000 } });
    expect(transition(stamped, events.outcome, 30_000)).toMatchObject({ ok: true, entry: { state: 'conflict', inFlightSince: null } });
    // No flag and no stamp: nothing in flight.
    expect(transition(makeEntry({ state: 'sending', attempts: 1 }), events.transient, 20_000, policy)).toMatchObject({ ok: true, entry: { inFlightSince: null } });
  });

  it('effectiveNotBefore caps a wait an older version stored: 15 min from when it was set', () => {
    const setAt = Date.parse('2026-01-05T09:00:00Z');
    const old = makeEntry({ updatedAt: setAt, notBefore: Date.parse('2037-01-01T00:00:00Z') });
    expect(effectiveNotBefore(old)).toBe(setAt + MAX_RETRY_WAIT_MS);
    expect(isDue(old, setAt + MAX_RETRY_WAIT_MS - 1)).toBe(false);
    expect(isDue(old, setAt + MAX_RETRY_WAIT_MS)).toBe(true);
    // A wait within the cap is left as it is.
    expect(effectiveNotBefore(makeEntry({ updatedAt: setAt, notBefore: setAt + 5_000 }))).toBe(setAt + 5_000);
    // And not past the request's expiry either.
    const expiring = makeEntry({ updatedAt: setAt, notBefore: setAt + 3_600_000, request: { role: 'R', scope: 'S', requester: 'A', expiresAt: '2026-01-05T09:10:00Z' } });
    expect(effectiveNotBefore(expiring)).toBe(Date.parse('2026-01-05T09:09:00Z'));
  });

  it('signed-out parks the entry for the given wait', () => {
    const t = transition(makeEntry({ state: 'sending', attempts: 1 }), events['signed-out'], 10_000);
    expect(t.ok && t.entry).toMatchObject({ state: 'queued', notBefore: 70_000, lastError: { message: 'token refused' } });
  });

  it('trace ids accumulate over attempts', () => {
    const first = transition(makeEntry({ state: 'sending', attempts: 1 }), events.transient, 1, policy);
    if (!first.ok) throw new Error(first.reason);
    const again = transition({ ...first.entry, state: 'sending' }, { ...events.outcome, trace: [{ ...trace[0]!, attempt: 2, clientRequestId: 'c-2' }] } as OutboxEvent, 2);
    expect(again.ok && again.entry.requestIds.map((t) => t.clientRequestId)).toEqual(['c-1', 'c-2']);
  });

  it('cancel says what happened', () => {
    expect(transition(makeEntry(), events.cancel, 1)).toMatchObject({ ok: true, entry: { state: 'cancelled', outcomeMessage: 'Cancelled' } });
  });

  it('the local clock never expires a decision: only an outcome read from Azure does', () => {
    expect(Object.keys(events).sort()).toEqual(['cancel', 'failed', 'outcome', 'send', 'signed-out', 'transient']);
    const expireLocal = { type: 'expire-local', message: 'Expired before it could be sent' } as unknown as OutboxEvent;
    expect(transition(makeEntry({ request: { role: 'R', scope: 'S', requester: 'A', expiresAt: '2020-01-01T00:00:00Z' } }), expireLocal, 1)).toEqual({
      ok: false,
      reason: 'cannot expire-local a queued decision',
    });
  });

  it('final states are exactly done, conflict, expired, failed, cancelled', () => {
    expect(states.filter(isFinal)).toEqual([...FINAL_STATES]);
    // No event leaves a final state.
    for (const s of FINAL_STATES) for (const type of Object.keys(events) as OutboxEvent['type'][]) expect(canApply(s, type)).toBe(false);
  });

  it('isDue: only queued entries whose notBefore has passed', () => {
    expect(isDue(makeEntry({ notBefore: 5 }), 5)).toBe(true);
    expect(isDue(makeEntry({ notBefore: 6 }), 5)).toBe(false);
    for (const state of states.filter((s) => s !== 'queued')) expect(isDue(makeEntry({ state, notBefore: 0 }), 5)).toBe(false);
  });

  it('newestFirst orders by creation, then id', () => {
    const list = [makeEntry({ id: 'a', createdAt: 1 }), makeEntry({ id: 'b', createdAt: 3 }), makeEntry({ id: 'c', createdAt: 3 })].sort(newestFirst);
    expect(list.map((e) => e.id)).toEqual(['c', 'b', 'a']);
  });

  it('newestFirst breaks a tie by id whatever order the entries come in, and an entry ties with itself', () => {
    const b = makeEntry({ id: 'b', createdAt: 3 });
    const c = makeEntry({ id: 'c', createdAt: 3 });
    expect([b, c].sort(newestFirst).map((e) => e.id)).toEqual(['c', 'b']);
    expect([c, b].sort(newestFirst).map((e) => e.id)).toEqual(['c', 'b']);
    expect(newestFirst(b, b)).toBe(0);
    // Both directions, as any comparator promises (Array#sort alone can hide a one-sided one).
    expect(newestFirst(b, c)).toBe(1);
    expect(newestFirst(c, b)).toBe(-1);
  });

  it('a write in flight on an entry with no stamp yet is stamped now, even by a try that only read', () => {
    const inFlight = { ...events.transient, writeMayBeInFlight: true } as OutboxEvent;
    expect(transition(makeEntry({ state: 'sending', attempts: 2 }), inFlight, 40_000, policy)).toMatchObject({ ok: true, entry: { inFlightSince: 40_000 } });
  });
});
