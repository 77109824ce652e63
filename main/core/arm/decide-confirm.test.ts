/**
 * The decide flow against services that answer a write in unhelpful ways: accepted (202)
 * and applied seconds later, 409 as plain text, 404 on the write path, a dropped
 * connection, throttled reads. The real ARM client on loopback; a stepping clock shared by
 * the client and the server, so "seconds later" costs no real time.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createArmClient } from './client';
import { CONFIRM_DELAYS_MS } from '../net/decide-flow';
import { sendJson } from '../../../test/kit/loopback-server';
import { decisionIn, ME, STAGE_ID, startScriptedStage, type ScriptedStage, type WriteScript } from '../../../test/fakes/scripted-stage';
import { steppingClock, type SteppingClock } from '../../../test/kit/stepping-clock';

const stages: ScriptedStage[] = [];
afterEach(async () => {
  await Promise.all(stages.splice(0).map((s) => s.close()));
});

async function world(onWrite: WriteScript, clock: SteppingClock = steppingClock()) {
  const stage = await startScriptedStage(clock, onWrite);
  stages.push(stage);
  const arm = createArmClient({ endpoint: stage.server.url, getToken: async () => 'tok', clock, principalId: async () => ME, retry: { maxAttempts: 1 } });
  const reads = () => stage.server.hits.filter((h) => h.method === 'GET').length;
  return { stage, arm, clock, reads };
}

/** Accepts the write with `status` and applies it `delayMs` later on the clock. */
const acceptLater =
  (clock: SteppingClock, delayMs: number, status = 202): WriteScript =>
  (hit, res, stage) => {
    const { result, justification } = decisionIn(hit);
    stage.applyAt(clock.now() + delayMs, result, justification);
    res.writeHead(status);
    res.end();
  };

describe('decide: a write Azure accepted but applies later', () => {
  it('202, applied 3 s later: one PUT, confirmed by reading back with backoff → done', async () => {
    const clock = steppingClock();
    const { arm, stage } = await world(acceptLater(clock, 3_000), clock);
    const result = await arm.decide(STAGE_ID, 'Approve', 'ok');
    expect(result).toMatchObject({ ok: true, value: { outcome: 'done', stage: { reviewResult: 'Approve' } } });
    expect(stage.writes().map((h) => h.method)).toEqual(['PUT']);
    expect(clock.sleeps).toEqual([500, 1_000, 2_000]); // open at +0, +0.5, +1.5 s; done at +3.5 s
  });

  it('the confirm pauses are a client option (tests on real time shorten them)', async () => {
    const clock = steppingClock();
    const stage = await startScriptedStage(clock, acceptLater(clock, 60_000));
    stages.push(stage);
    const arm = createArmClient({ endpoint: stage.server.url, getToken: async () => 'tok', clock, principalId: async () => ME, confirmDelaysMs: [10, 20] });
    expect(await arm.decide(STAGE_ID, 'Approve', 'ok')).toMatchObject({ ok: false, error: { writeMayBeInFlight: true } });
    expect(clock.sleeps).toEqual([10, 20]);
  });

  it('202, not shown after the whole backoff: still one PUT, and the error says it may be in flight', async () => {
    const clock = steppingClock();
    const { arm, stage, reads } = await world(acceptLater(clock, 60_000), clock);
    const result = await arm.decide(STAGE_ID, 'Approve', 'ok');
    expect(result).toMatchObject({
      ok: false,
      error: { kind: 'http', writeMayBeInFlight: true, message: 'ARM accepted the decision (HTTP 202) but the stage does not show it yet; it will be checked again, not sent twice.' },
    });
    expect(stage.writes()).toHaveLength(1);
    expect(!result.ok && result.error.meta?.status).toBe(200); // trace ids of the last read, not of the 202
    expect(clock.sleeps).toEqual([...CONFIRM_DELAYS_MS]);
    expect(reads()).toBe(1 + 1 + CONFIRM_DELAYS_MS.length); // before, after, and one per pause
  });

  it('with my id unknown, my verdict right after my accepted write is mine, even if Azure reworded the justification', async () => {
    const clock = steppingClock();
    const stage = await startScriptedStage(clock, (hit, res, s) => {
      s.applyAt(clock.now(), decisionIn(hit).result, 'OK (normalised)', { principalId: 'someone', principalName: 'Me, as Azure names me' });
      res.writeHead(204);
      res.end();
    });
    stages.push(stage);
    const arm = createArmClient({ endpoint: stage.server.url, getToken: async () => 'tok', clock, principalId: async () => null, retry: { maxAttempts: 1 } });
    expect(await arm.decide(STAGE_ID, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
  });

  it('a dropped connection after the write was applied: read back → done, no second write', async () => {
    const clock = steppingClock();
    const { arm, stage } = await world((hit, res, s) => {
      const { result, justification } = decisionIn(hit);
      s.applyAt(clock.now(), result, justification);
      res.socket?.destroy();
    }, clock);
    expect(await arm.decide(STAGE_ID, 'Deny', 'no ticket')).toMatchObject({ ok: true, value: { outcome: 'done', stage: { reviewResult: 'Deny' } } });
    expect(stage.writes()).toHaveLength(1);
  });

  const oddAnswers: [string, (res: import('node:http').ServerResponse) => void][] = [
    ['408', (res) => sendJson(res, 408, { error: { code: 'RequestTimeout', message: 'slow' } })],
    ['a garbled 200', (res) => (res.writeHead(200, { 'content-type': 'application/json' }), res.end('{"id": '))],
    ['a 200 over the size cap', (res) => (res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) }), res.end('{}'))],
  ];
  for (const [name, answer] of oddAnswers) {
    it(`${name} after the write was applied: read back → done, no second write`, async () => {
      const clock = steppingClock();
      const { arm, stage } = await world((hit, res, s) => {
        const { result, justification } = decisionIn(hit);
        s.applyAt(clock.now(), result, justification);
        answer(res);
      }, clock);
      expect(await arm.decide(STAGE_ID, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
      expect(stage.writes()).toHaveLength(1);
    });
  }

  it('a dropped connection on a write that never landed: maybe in flight, offline hint kept', async () => {
    const { arm, stage } = await world((_hit, res) => void res.socket?.destroy());
    const result = await arm.decide(STAGE_ID, 'Approve', 'ok');
    expect(result).toMatchObject({ ok: false, error: { kind: 'network', writeMayBeInFlight: true } });
    expect(stage.writes()).toHaveLength(1);
  });

  it('a clock whose sleep fails (the caller gave up) ends the reads with the in-flight error, never a throw', async () => {
    const stage = await startScriptedStage(steppingClock(), (_hit, res) => (res.writeHead(202), res.end()));
    stages.push(stage);
    const refusing = { now: () => Date.UTC(2026, 0, 5, 9), sleep: () => Promise.reject(new Error('aborted')) };
    const arm = createArmClient({ endpoint: stage.server.url, getToken: async () => 'tok', clock: refusing, principalId: async () => ME });
    await expect(arm.decide(STAGE_ID, 'Approve', 'ok')).resolves.toMatchObject({ ok: false, error: { writeMayBeInFlight: true } });
    expect(stage.server.hits.map((h) => h.method)).toEqual(['GET', 'PUT', 'GET']);
  });

  it('a 5xx on the write that never lands: one write, maybe in flight, not final', async () => {
    const { arm, stage } = await world((_hit, res) => sendJson(res, 503, { error: { code: 'ServiceUnavailable', message: 'Try later.' } }));
    const result = await arm.decide(STAGE_ID, 'Approve', 'ok');
    expect(result).toMatchObject({
      ok: false,
      error: { status: 503, writeMayBeInFlight: true, message: 'Try later. The stage does not show the decision yet and it may still be applied; it will be checked again, not sent twice.' },
    });
    expect(stage.writes()).toHaveLength(1);
  });

  it('a timeout on the write: maybe in flight, offline hint kept', async () => {
    const { stage } = await world(() => undefined); // never answers the write
    const arm = createArmClient({ endpoint: stage.server.url, getToken: async () => 'tok', clock: steppingClock(), principalId: async () => ME, timeoutMs: 200, retry: { maxAttempts: 1 } });
    const result = await arm.decide(STAGE_ID, 'Approve', 'ok');
    expect(result).toMatchObject({ ok: false, error: { kind: 'timeout', writeMayBeInFlight: true } });
    expect(stage.writes()).toHaveLength(1);
  });

  it('a confirming read that is throttled stops reading and carries its Retry-After (capped)', async () => {
    const clock = steppingClock();
    const { arm, stage, reads } = await world(acceptLater(clock, 60_000), clock);
    let calls = 0;
    stage.answerReads((_hit, res) =>
      calls++ === 0 ? sendJson(res, 200, { id: STAGE_ID, name: 's1', properties: { status: 'InProgress', reviewResult: 'NotReviewed', assignedToMe: true } }) : sendJson(res, 429, {}, { 'retry-after': '999999' }),
    );
    const result = await arm.decide(STAGE_ID, 'Approve', 'ok');
    expect(result).toMatchObject({ ok: false, error: { kind: 'throttled', writeMayBeInFlight: true, retryAfterMs: 15 * 60_000 } });
    expect(reads()).toBe(2); // before the write, and the one throttled read after it
    expect(clock.sleeps).toEqual([]);
  });

  it('a confirming read that fails still trusts the stage in the write\'s own 200 answer', async () => {
    const clock = steppingClock();
    const { arm, stage } = await world((hit, res, s) => {
      const { result, justification } = decisionIn(hit);
      s.applyAt(clock.now(), result, justification);
      s.answerReads((_h, r) => sendJson(r, 500, { error: { code: 'InternalError', message: 'read broke' } }));
      sendJson(res, 200, { id: STAGE_ID, name: 's1', properties: { status: 'Completed', reviewResult: result, justification, assignedToMe: true, reviewedBy: { principalId: ME, principalName: 'Me' } } });
    }, clock);
    expect(await arm.decide(STAGE_ID, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(stage.writes()).toHaveLength(1);
  });
});

describe('decide: 409 and 404 on the write are checked against the stage', () => {
  const plainConflict: WriteScript = (_hit, res) => {
    res.writeHead(409, { 'content-type': 'text/plain' });
    res.end('Conflict');
  };

  it('409 as plain text while the stage is open: not a conflict, not final; one write', async () => {
    const { arm, stage } = await world(plainConflict);
    const result = await arm.decide(STAGE_ID, 'Approve', 'ok');
    expect(result).toMatchObject({ ok: false, error: { status: 409, writeMayBeInFlight: true } });
    expect(stage.writes()).toHaveLength(1);
  });

  it('409 as plain text, and the stage shows someone else decided: conflict, named', async () => {
    const clock = steppingClock();
    const { arm } = await world((hit, res, s) => {
      s.applyAt(clock.now(), 'Deny', 'nope', { principalId: 'grace', principalName: 'Grace Hopper' });
      plainConflict(hit, res, s);
    }, clock);
    expect(await arm.decide(STAGE_ID, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'conflict', stage: { reviewedBy: { displayName: 'Grace Hopper' } } } });
  });

  it('409 after our own slow write landed (the retry-answers-409 case): done, not conflict', async () => {
    const clock = steppingClock();
    const { arm } = await world((hit, res, s) => {
      const { result, justification } = decisionIn(hit);
      s.applyAt(clock.now() + 1_000, result, justification); // the earlier write, landing now
      plainConflict(hit, res, s);
    }, clock);
    expect(await arm.decide(STAGE_ID, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'done' } });
  });

  it('404 on the write while reading the stage works: not expired, not final; one write', async () => {
    const { arm, stage } = await world((_hit, res) => sendJson(res, 404, { error: { code: 'NotFound', message: 'No route.' } }));
    const result = await arm.decide(STAGE_ID, 'Approve', 'ok');
    expect(result).toMatchObject({ ok: false, error: { status: 404, writeMayBeInFlight: true } });
    expect(stage.writes()).toHaveLength(1);
  });

  it('404 on the write and the stage read answers 404 too: the service says expired', async () => {
    const { arm, stage } = await world((_hit, res, s) => {
      s.answerReads((_h, r) => sendJson(r, 404, { error: { code: 'NotFound', message: 'gone' } }));
      sendJson(res, 404, { error: { code: 'NotFound', message: 'gone' } });
    });
    expect(await arm.decide(STAGE_ID, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'expired', stage: null } });
    expect(stage.writes()).toHaveLength(1);
  });

  it('the stage read back says Expired: expired with the stage', async () => {
    const { arm } = await world((_hit, res, s) => {
      s.answerReads((_h, r) => sendJson(r, 200, { id: STAGE_ID, name: 's1', properties: { status: 'Expired', reviewResult: 'NotReviewed', assignedToMe: true } }));
      sendJson(res, 404, { error: { code: 'NotFound', message: 'gone' } });
    });
    expect(await arm.decide(STAGE_ID, 'Approve', 'ok')).toMatchObject({ ok: true, value: { outcome: 'expired', stage: { status: 'Expired' } } });
  });
});

describe('decide: the caller\'s fence', () => {
  it('beforeWrite false: no write at all, a fenced error', async () => {
    const clock = steppingClock();
    const { arm, stage } = await world(acceptLater(clock, 0, 204), clock);
    const result = await arm.decide(STAGE_ID, 'Approve', 'ok', undefined, { beforeWrite: async () => false });
    expect(result).toMatchObject({ ok: false, error: { kind: 'fenced' } });
    expect(stage.writes()).toHaveLength(0);
  });

  it('beforeWrite true: one write → done', async () => {
    const clock = steppingClock();
    const { arm, stage } = await world(acceptLater(clock, 0, 204), clock);
    let asked = 0;
    const result = await arm.decide(STAGE_ID, 'Approve', 'ok', undefined, { beforeWrite: async () => (asked++, true) });
    expect(result).toMatchObject({ ok: true, value: { outcome: 'done' } });
    expect(stage.writes()).toHaveLength(1);
    expect(asked).toBe(1);
  });

  it('is asked again before each body form: losing the lock between PUT and PATCH stops the PATCH', async () => {
    const { arm, stage } = await world((_hit, res) => sendJson(res, 400, { error: { code: 'InvalidRequestBody', message: 'bad body' } }));
    let asked = 0;
    const result = await arm.decide(STAGE_ID, 'Approve', 'ok', undefined, { beforeWrite: async () => ++asked === 1 });
    expect(result).toMatchObject({ ok: false, error: { kind: 'fenced' } });
    expect(stage.writes().map((h) => h.method)).toEqual(['PUT']);
    expect(asked).toBe(2);
  });
});
