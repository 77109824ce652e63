import { describe, expect, it } from 'vitest';
import { canApply, isDue, newestFirst, transition, type OutboxEvent } from './state-machine';
import { FINAL_STATES, isFinal, type EntryState } from './types';
import { makeEntry } from './test-entries';

const states: EntryState[] = ['queued', 'sending', 'done', 'conflict', 'expired', 'failed', 'cancelled'];
const trace = [{ attempt: 1, clientRequestId: 'c-1', requestId: 'r-1', at: 5_000 }];
const events: Record<OutboxEvent['type'], OutboxEvent> = {
  send: { type: 'send' },
  outcome: { type: 'outcome', outcome: 'conflict', message: 'Already approved by Grace Hopper', decidedBy: 'Grace Hopper', trace },
  failed: { type: 'failed', error: { message: 'no', status: 403, code: 'AuthorizationFailed' }, message: 'Azure refused the decision (403): no', trace },
  transient: { type: 'transient', error: { message: 'boom', status: 503 }, random: 0, trace },
  'signed-out': { type: 'signed-out', error: { message: 'token refused' }, waitMs: 60_000 },
  cancel: { type: 'cancel' },
  'expire-local': { type: 'expire-local', message: 'Expired before it could be sent' },
};
// The whole table: which event may leave which state.
const expected: Record<OutboxEvent['type'], EntryState[]> = {
  send: ['queued', 'sending'],
  outcome: ['sending'],
  failed: ['sending'],
  transient: ['sending'],
  'signed-out': ['sending'],
  cancel: ['queued'],
  'expire-local': ['queued'],
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

  it('cancel and local expiry say what happened', () => {
    expect(transition(makeEntry(), events.cancel, 1)).toMatchObject({ ok: true, entry: { state: 'cancelled', outcomeMessage: 'Cancelled' } });
    expect(transition(makeEntry(), events['expire-local'], 1)).toMatchObject({ ok: true, entry: { state: 'expired', outcomeMessage: 'Expired before it could be sent' } });
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
});
