/**
 * The real outbox (journal, drain, sender) with the real ARM client against a scripted
 * loopback stage that misbehaves the way ARM has been seen to: a write accepted with 202
 * and applied later, and a Retry-After of days. One stepping clock runs the outbox, the
 * client and the server, so minutes of backoff cost no real time.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createArmClient } from '../arm/client';
import { sendJson } from '../../../test/kit/loopback-server';
import { decisionIn, ME, STAGE_ID, startScriptedStage, type ScriptedStage, type WriteScript } from '../../../test/fakes/scripted-stage';
import { steppingClock, type SteppingClock } from '../../../test/kit/stepping-clock';
import { openOutbox, type Outbox } from './outbox';
import { createRateBudget } from './rate-budget';
import { makeDecision } from '../../../test/kit/test-entries';
import { armRoute } from '../../../test/kit/arm-route';

let dir: string;
const opened: Outbox[] = [];
/** The longest wait a Retry-After may impose (MAX_RETRY_AFTER_MS), spelled out so the test states the rule. */
const FIFTEEN_MINUTES = 15 * 60_000;
const stages: ScriptedStage[] = [];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outbox-slow-'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.close()));
  await Promise.all(stages.splice(0).map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

async function world(onWrite: (clock: SteppingClock) => WriteScript) {
  const clock = steppingClock();
  const stage = await startScriptedStage(clock, onWrite(clock));
  stages.push(stage);
  const api = createArmClient({ endpoint: stage.server.url, getToken: async () => 'tok-0123456789', clock, principalId: async () => ME, retry: { maxAttempts: 1 } });
  const budgets = {
    reads: createRateBudget({ capacity: 100, refillPerSecond: 100, clock }),
    writes: createRateBudget({ capacity: 100, refillPerSecond: 100, clock }),
  };
  const outbox = await openOutbox({ dir, api: armRoute(api), clock, budgets, undoMs: 0, random: () => 0, principalId: async () => ME });
  opened.push(outbox);
  const decision = makeDecision({ stageId: STAGE_ID, justification: 'ok' });
  return { clock, stage, outbox, budgets, decision };
}

/** Accepts the write with 202 and applies it `delayMs` later on the clock. */
const acceptLater =
  (delayMs: number) =>
  (clock: SteppingClock): WriteScript =>
  (hit, res, stage) => {
    const { result, justification } = decisionIn(hit);
    stage.applyAt(clock.now() + delayMs, result, justification);
    res.writeHead(202);
    res.end();
  };

describe('outbox: a write accepted with 202 and applied later', () => {
  it('applied 3 s later: confirmed within the attempt; one write, done', async () => {
    const { stage, outbox, decision } = await world(acceptLater(3_000));
    const { entry } = await outbox.enqueue(decision);
    const summary = await outbox.sync(undefined, { waitMs: 60_000 });
    expect(stage.writes()).toHaveLength(1);
    expect(summary.done).toEqual([entry.id]);
    expect(outbox.get(entry.id)).toMatchObject({ state: 'done', outcomeMessage: 'Approved', attempts: 1, inFlightSince: null });
  });

  it('applied 2 minutes later: later attempts only read until it shows; one write, done', async () => {
    const { clock, stage, outbox, decision } = await world(acceptLater(120_000));
    const { entry } = await outbox.enqueue(decision);
    const started = clock.now();
    const summary = await outbox.sync(undefined, { waitMs: 30 * 60_000 });
    expect(stage.writes()).toHaveLength(1);
    expect(summary.done).toEqual([entry.id]);
    const done = outbox.get(entry.id);
    expect(done).toMatchObject({ state: 'done', inFlightSince: null, lastError: null });
    expect(done?.attempts).toBeGreaterThan(2); // several tries, each of them reads only
    expect(clock.now() - started).toBeGreaterThanOrEqual(120_000);
  });

  it('while it is not shown, the entry is queued, stamped in flight, and not final', async () => {
    const { stage, outbox, decision } = await world(acceptLater(3_600_000));
    const { entry } = await outbox.enqueue(decision);
    await outbox.sync(undefined, { waitMs: 0 });
    const waiting = outbox.get(entry.id);
    expect(waiting).toMatchObject({ state: 'queued', attempts: 1, lastError: { message: expect.stringContaining('does not show it yet') } });
    expect(typeof waiting?.inFlightSince).toBe('number');
    expect(stage.writes()).toHaveLength(1);
  });
});

describe('outbox: Retry-After of days', () => {
  const throttle = (res: Parameters<WriteScript>[1]) => sendJson(res, 429, { error: { code: 'TooManyRequests', message: 'slow down' } }, { 'retry-after': '999999' });

  for (const on of ['reads', 'writes'] as const) {
    it(`429 with Retry-After: 999999 on ${on}: the entry waits at most 15 min, and so does the shared budget`, async () => {
      const { clock, stage, outbox, budgets, decision } = await world(() => (_hit, res) => throttle(res));
      if (on === 'reads') stage.answerReads((_hit, res) => throttle(res));
      const { entry } = await outbox.enqueue(decision);
      const summary = await outbox.sync(undefined, { waitMs: 0 });
      expect(summary.throttled).toBe(1);
      const waiting = outbox.get(entry.id);
      expect(waiting?.state).toBe('queued');
      const ahead = (waiting?.notBefore ?? 0) - clock.now();
      expect(ahead).toBeGreaterThan(0);
      expect(ahead).toBeLessThanOrEqual(FIFTEEN_MINUTES);
      expect(budgets.reads.tryTake()).toBe(false);
      await clock.sleep(FIFTEEN_MINUTES);
      expect(budgets.reads.tryTake()).toBe(true);
      expect(budgets.writes.tryTake()).toBe(true);
    });
  }
});
