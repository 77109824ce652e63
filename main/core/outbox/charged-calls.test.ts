/**
 * Rate budgets are charged for the calls a decision actually makes, in the HTTP layer: one
 * read token per GET sent and one write token per write sent, whatever the flow did (a body
 * form ARM refused and the one that worked, the reads between and after), and a 429 pauses
 * the budget for everyone. Counted against the simulator's own call log.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { startTenant, type Tenant } from '../../../test/kit/sim-fixture';
import { armRoute } from '../../../test/kit/arm-route';
import { openOutbox, type Outbox } from './outbox';
import { createRateBudget, type RateBudget } from './rate-budget';
import type { KnobPatch } from '../../demo/knobs';

const CAPACITY = 1_000;
let dir: string;
let tenant: Tenant | undefined;
let outbox: Outbox | undefined;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'charged-calls-'));
});
afterEach(async () => {
  await outbox?.close();
  await tenant?.close();
  outbox = undefined;
  tenant = undefined;
  await rm(dir, { recursive: true, force: true });
});

/** A bucket that all but never refills, so what was taken is what is missing. */
const budget = (): RateBudget => createRateBudget({ capacity: CAPACITY, refillPerSecond: 1e-6, clock: systemClock });
const charged = (b: RateBudget) => Math.round(CAPACITY - b.available());

/** `n` decisions sent one after another through an outbox whose budgets count what it takes. */
async function decide(knobs: KnobPatch, n = 1) {
  tenant = await startTenant();
  tenant.running.sim.setKnobs(knobs);
  const decisions = tenant.decisions(n, { result: 'Approve' });
  const budgets = { reads: budget(), writes: budget() };
  outbox = await openOutbox({ dir, api: armRoute(tenant.api), clock: systemClock, undoMs: 0, budgets, concurrency: 1, syncWaitMs: 0 });
  const ids: string[] = [];
  for (const d of decisions) ids.push((await outbox.enqueue(d)).entry.id);
  tenant.running.sim.clearLog();
  await outbox.sync(undefined, { waitMs: 0 });
  const calls = tenant.running.sim.callLog().filter((c) => c.principal === 'me');
  const box = outbox;
  return { budgets, calls, entries: ids.map((id) => box.get(id)!) };
}

it('a decision in the first body form: charged one read per GET and one write per write, as the service log counts them', async () => {
  const { budgets, calls, entries: [entry] } = await decide({});
  expect(entry?.state).toBe('done');
  expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['GET 200', 'PUT 204', 'GET 200']);
  expect({ reads: charged(budgets.reads), writes: charged(budgets.writes) }).toEqual({
    reads: calls.filter((c) => c.kind === 'read').length,
    writes: calls.filter((c) => c.kind === 'write').length,
  });
});

it('a decision that falls back to another body form: charged for the refused write, the read between and the write that worked', async () => {
  const { budgets, calls, entries: [entry] } = await decide({ flatBodyOnly: true });
  expect(entry?.state).toBe('done');
  expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['GET 200', 'PUT 400', 'GET 200', 'PATCH 204', 'GET 200']);
  expect({ reads: charged(budgets.reads), writes: charged(budgets.writes) }).toEqual({ reads: 3, writes: 2 });
  expect(charged(budgets.reads) + charged(budgets.writes)).toBe(calls.length);
});

it('a write answered 429 is charged, and pauses both budgets for the wait ARM stated', async () => {
  // One write token in ARM's bucket, back in 50 s: the first decision takes it, the second's write meets a 429 stating Retry-After 50.
  const { budgets, calls, entries } = await decide({ writeBucket: { burst: 1, perSecond: 0.02 } }, 2);
  expect(entries.map((e) => e.state)).toEqual(['done', 'queued']);
  expect(calls.map((c) => `${c.method} ${c.status}`)).toEqual(['GET 200', 'PUT 204', 'GET 200', 'GET 200', 'PUT 429']);
  expect(charged(budgets.reads) + charged(budgets.writes)).toBe(calls.length);
  expect(budgets.reads.tryTake(1)).toBe(false);
  expect(budgets.writes.tryTake(1)).toBe(false);
});
