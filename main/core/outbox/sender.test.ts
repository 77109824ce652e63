/**
 * sendDecision with the real ARM client against scripted loopback stages: a write that may
 * still be in flight is only read until it settles (or is long past), a retry re-reads the
 * stage before any write, the fence stops writes, Retry-After is capped, and a bad token
 * leaves no trace of itself in what the journal would store. A stepping clock runs the
 * client, the budgets and the server on one timeline.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createArmClient } from '../arm/client';
import { sendJson } from '../../../test/kit/loopback-server';
import { decisionIn, ME, STAGE_ID, startScriptedStage, type ScriptedStage, type WriteScript } from '../../../test/fakes/scripted-stage';
import { steppingClock, type SteppingClock } from '../../../test/kit/stepping-clock';
import { createRateBudget } from './rate-budget';
import { DEFAULT_WRITE_SETTLE_MS, NOT_SHOWN_YET, sendDecision, type DecisionRoute, type SendDeps } from './sender';
import { makeEntry } from '../../../test/kit/test-entries';
import type { OutboxEntry } from './types';

/** The longest wait a Retry-After may impose (MAX_RETRY_AFTER_MS), spelled out so the test states the rule. */
const FIFTEEN_MINUTES = 15 * 60_000;
const stages: ScriptedStage[] = [];
afterEach(async () => {
  await Promise.all(stages.splice(0).map((s) => s.close()));
});

/** Accepts the write with 204 and applies it at once. */
const applyNow =
  (clock: SteppingClock): WriteScript =>
  (hit, res, stage) => {
    const { result, justification } = decisionIn(hit);
    stage.applyAt(clock.now(), result, justification);
    res.writeHead(204);
    res.end();
  };

async function world(onWrite: (clock: SteppingClock) => WriteScript = applyNow, token = 'tok-0123456789') {
  const clock = steppingClock();
  const stage = await startScriptedStage(clock, onWrite(clock));
  stages.push(stage);
  const api = createArmClient({ endpoint: stage.server.url, getToken: async () => token, clock, principalId: async () => ME, retry: { maxAttempts: 1 } });
  const reads = createRateBudget({ capacity: 100, refillPerSecond: 100, clock });
  const writes = createRateBudget({ capacity: 100, refillPerSecond: 100, clock });
  const deps = (over: Partial<SendDeps> = {}): SendDeps => ({ api, reads, writes, now: () => clock.now(), random: () => 0, me: ME, signedOutWaitMs: 60_000, ...over });
  const entry = (over: Partial<OutboxEntry> = {}) => makeEntry({ state: 'sending', attempts: 1, stageId: STAGE_ID, justification: 'ok', ...over });
  return { clock, stage, api, reads, writes, deps, entry };
}

describe('sender: a write that may still be in flight', () => {
  it('while it is recent and the stage is open: reads only, never writes, and says so', async () => {
    const { clock, stage, deps, entry } = await world();
    const sent = await sendDecision(entry({ attempts: 2, inFlightSince: clock.now() - 60_000 }), deps());
    expect(stage.writes()).toHaveLength(0);
    expect(stage.server.hits.map((h) => h.method)).toEqual(['GET']);
    expect(sent).toMatchObject({ fenced: false, event: { type: 'transient', writeMayBeInFlight: true, error: { message: NOT_SHOWN_YET } } });
    expect(sent.event.type === 'transient' && sent.event.newWrite).toBeFalsy(); // the stamp of the first write is kept
  });

  it('once the stage shows it: the outcome, without writing', async () => {
    const { clock, stage, deps, entry } = await world();
    stage.applyAt(clock.now(), 'Approve', 'ok');
    const sent = await sendDecision(entry({ attempts: 2, inFlightSince: clock.now() - 60_000 }), deps());
    expect(sent.event).toMatchObject({ type: 'outcome', outcome: 'done', message: 'Approved' });
    expect(stage.writes()).toHaveLength(0);
  });

  it('even on the first attempt (a stamp from a 202 is enough): reads only', async () => {
    const { clock, stage, deps, entry } = await world();
    await sendDecision(entry({ attempts: 1, inFlightSince: clock.now() - 1_000 }), deps());
    expect(stage.writes()).toHaveLength(0);
  });

  it('after the settle time the write is taken as lost: one new write', async () => {
    const { clock, stage, deps, entry } = await world();
    const sent = await sendDecision(entry({ attempts: 5, inFlightSince: clock.now() - DEFAULT_WRITE_SETTLE_MS }), deps());
    expect(sent.event).toMatchObject({ type: 'outcome', outcome: 'done' });
    expect(stage.writes()).toHaveLength(1);
    expect(DEFAULT_WRITE_SETTLE_MS).toBe(10 * 60_000);
  });

  it('the settle time is an option', async () => {
    const { clock, stage, deps, entry } = await world();
    await sendDecision(entry({ attempts: 2, inFlightSince: clock.now() - 2_000 }), deps({ writeSettleMs: 1_000 }));
    expect(stage.writes()).toHaveLength(1);
  });

  it('a stamp far in the future (the clock jumped back) does not hold the entry for ever', async () => {
    const { clock, stage, deps, entry } = await world();
    await sendDecision(entry({ attempts: 2, inFlightSince: clock.now() + 60_000 }), deps());
    expect(stage.writes()).toHaveLength(0); // within the settle time either way: still waiting
    await sendDecision(entry({ attempts: 2, inFlightSince: clock.now() + DEFAULT_WRITE_SETTLE_MS }), deps());
    expect(stage.writes()).toHaveLength(1);
  });

  it('a write Azure accepted but does not show yet comes back as in flight, stamped anew', async () => {
    const { stage, deps, entry } = await world((clock) => (hit, res, s) => {
      s.applyAt(clock.now() + 3_600_000, decisionIn(hit).result, 'ok');
      res.writeHead(202);
      res.end();
    });
    const sent = await sendDecision(entry(), deps());
    expect(sent.event).toMatchObject({ type: 'transient', writeMayBeInFlight: true, newWrite: true });
    expect(stage.writes()).toHaveLength(1);
  });
});

describe('sender: a retry re-reads the stage before any write', () => {
  it('the first write landed but its answer was lost: the retry sees it and writes nothing, even through a route that does not check', async () => {
    const { clock, stage, api, deps, entry } = await world();
    stage.applyAt(clock.now(), 'Approve', 'ok'); // attempt 1's write, applied; its answer never came
    // A route whose decide() writes without reading first: the sender's own re-read is all that stands.
    const blind: DecisionRoute = {
      getStage: (id, signal) => api.getStage(id, signal),
      decide: async (id, result, justification) => {
        await fetch(`${stage.server.url}${id}?api-version=2021-01-01-preview`, { method: 'PUT', body: JSON.stringify({ properties: { reviewResult: result, justification } }) });
        const stageNow = { id, name: 's1', displayName: null, status: 'Completed', reviewResult: result, assignedToMe: true, reviewedBy: null, reviewedDateTime: null, justification };
        return { ok: true, value: { outcome: 'done', stage: stageNow }, meta: { status: 204, clientRequestId: '', requestId: null, correlationId: null } };
      },
    };
    const sent = await sendDecision(entry({ attempts: 2 }), deps({ api: blind }));
    expect(sent.event).toMatchObject({ type: 'outcome', outcome: 'done' });
    expect(stage.writes()).toHaveLength(0);
  });
});

describe('sender: the fence', () => {
  it('beforeWrite false: nothing written, fenced, an event the drain must not record', async () => {
    const { stage, deps, entry } = await world();
    const sent = await sendDecision(entry(), deps({ beforeWrite: async () => false }));
    expect(sent).toMatchObject({ fenced: true, throttled: false, offline: false, signedOut: false, event: { type: 'transient' } });
    expect(stage.writes()).toHaveLength(0);
  });

  it('beforeWrite true: one write, not fenced', async () => {
    const { stage, deps, entry } = await world();
    const sent = await sendDecision(entry(), deps({ beforeWrite: async () => true }));
    expect(sent).toMatchObject({ fenced: false, event: { type: 'outcome', outcome: 'done' } });
    expect(stage.writes()).toHaveLength(1);
  });
});

describe('sender: Retry-After of days', () => {
  const throttle = (res: Parameters<WriteScript>[1]) => sendJson(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '999999' });

  it('429 on the reads: the retry and the shared pause are at most 15 minutes', async () => {
    const { clock, stage, reads, writes, deps, entry } = await world();
    stage.answerReads((_hit, res) => throttle(res));
    const sent = await sendDecision(entry(), deps());
    expect(sent).toMatchObject({ throttled: true, event: { type: 'transient', retryAfterMs: FIFTEEN_MINUTES } });
    expect(reads.tryTake()).toBe(false);
    await clock.sleep(FIFTEEN_MINUTES);
    expect(reads.tryTake()).toBe(true);
    expect(writes.tryTake()).toBe(true);
  });

  it('429 on the write: the same cap', async () => {
    const { clock, stage, writes, deps, entry } = await world(() => (_hit, res) => throttle(res));
    const sent = await sendDecision(entry(), deps());
    expect(sent).toMatchObject({ throttled: true, event: { type: 'transient', retryAfterMs: FIFTEEN_MINUTES } });
    expect(stage.writes()).toHaveLength(1);
    await clock.sleep(FIFTEEN_MINUTES);
    expect(writes.tryTake()).toBe(true);
  });
});

describe('sender: a token that cannot be sent', () => {
  it('with a newline: nothing reaches Azure, and what the journal would keep holds no part of it', async () => {
    const token = 'eyJhbGciOiJSUzI1NiJ9.eyJvaWQiOiJtZSJ9.c2lnbmF0dXJl\nsecond-line-of-token';
    const { stage, deps, entry } = await world(applyNow, token);
    const sent = await sendDecision(entry(), deps());
    expect(stage.server.hits).toHaveLength(0);
    expect(sent).toMatchObject({ signedOut: true, event: { type: 'signed-out' } });
    const kept = JSON.stringify(sent.event);
    for (const part of token.split(/[^A-Za-z0-9_-]+/).filter((p) => p.length >= 4)) expect(kept).not.toContain(part);
  });
});

describe('sender: what a retry\'s own read of the stage says', () => {
  it('the read fails (500): try again later, nothing written', async () => {
    const { stage, deps, entry } = await world();
    stage.answerReads((_hit, res) => sendJson(res, 500, { error: { code: 'InternalError', message: 'read broke' } }));
    const sent = await sendDecision(entry({ attempts: 2 }), deps());
    expect(sent.event).toMatchObject({ type: 'transient', error: { status: 500 } });
    expect(stage.writes()).toHaveLength(0);
  });

  it('the read answers 404: the service says expired, nothing written', async () => {
    const { stage, deps, entry } = await world();
    stage.answerReads((_hit, res) => sendJson(res, 404, { error: { code: 'NotFound', message: 'gone' } }));
    const sent = await sendDecision(entry({ attempts: 2 }), deps());
    expect(sent.event).toMatchObject({ type: 'outcome', outcome: 'expired', message: 'Expired before it could be sent', decidedBy: null });
    expect(stage.writes()).toHaveLength(0);
  });

  it('the stage shows my other verdict: failed with why, after one read and no write', async () => {
    const { clock, stage, deps, entry } = await world();
    stage.applyAt(clock.now(), 'Deny', 'no ticket');
    const sent = await sendDecision(entry({ attempts: 2, result: 'Approve' }), deps());
    expect(sent.event).toMatchObject({ type: 'failed', error: { code: 'AlreadyReviewed' }, message: 'You already decided this request (Deny); a decision cannot be changed.' });
    expect(stage.server.hits.map((h) => h.method)).toEqual(['GET']);
  });

  it('the read answers 401: signed out, the message says to sign in again', async () => {
    const { stage, deps, entry } = await world();
    stage.answerReads((_hit, res) => sendJson(res, 401, { error: { code: 'InvalidAuthenticationToken', message: 'expired token' } }));
    const sent = await sendDecision(entry({ attempts: 2 }), deps());
    expect(sent).toMatchObject({ signedOut: true, event: { type: 'signed-out', waitMs: 60_000 } });
    expect(sent.event.type === 'signed-out' && sent.event.error.message).toMatch(/^Sign in again to send this decision\. /);
    expect(stage.writes()).toHaveLength(0);
  });
});

describe('sender: the shared budgets pause only for a stated wait', () => {
  it('a 429 without Retry-After backs this entry off and leaves the budgets usable', async () => {
    const { stage, reads, writes, deps, entry } = await world();
    stage.answerReads((_hit, res) => sendJson(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } }));
    const sent = await sendDecision(entry({ attempts: 2 }), deps());
    expect(sent).toMatchObject({ throttled: true, event: { type: 'transient' } });
    expect(reads.tryTake()).toBe(true);
    expect(writes.tryTake()).toBe(true);
    // …and a later 429 that does state its wait still pauses everyone (no wait-less pause broke the budget).
    stage.answerReads((_hit, res) => sendJson(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '60' }));
    await sendDecision(entry({ attempts: 2 }), deps());
    expect(reads.tryTake()).toBe(false);
    expect(writes.tryTake()).toBe(false);
  });
});

describe('sender: a read that gets no answer', () => {
  it('is offline, and leaves no made-up request id for the journal', async () => {
    const { stage, deps, entry } = await world();
    stage.answerReads((_hit, res) => res.socket?.destroy());
    const sent = await sendDecision(entry({ attempts: 2 }), deps());
    expect(sent).toMatchObject({ offline: true, event: { type: 'transient' } });
    expect(sent.event.type === 'transient' && sent.event.trace).toEqual([]);
    expect(stage.writes()).toHaveLength(0);
  });
});
