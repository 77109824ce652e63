import { mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock, VirtualClock } from '../clock';
import { describeReport, openJournal, WAL_FILE } from './journal';
import { transition } from './state-machine';
import { DRAIN_LOCK, openOutbox, type Outbox, type OutboxOptions } from './outbox';
import { DUPLICATE_MESSAGE } from './duplicates';
import { makeEntry } from '../../../test/kit/test-entries';
import { createRateBudget } from './rate-budget';
import { bareStageId, startTenant, type Tenant } from '../../../test/kit/sim-fixture';
import type { OutboxEntry } from './types';
import { armRoute } from '../../../test/kit/arm-route';

let dir: string;
let tenant: Tenant | undefined;
const opened: Outbox[] = [];

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outbox-'));
});
afterEach(async () => {
  await Promise.all(opened.splice(0).map((o) => o.close()));
  await tenant?.close();
  tenant = undefined;
  await rm(dir, { recursive: true, force: true });
});

const fastBackoff = { baseMs: 20, maxMs: 200 };

async function open(over: Partial<OutboxOptions> = {}): Promise<Outbox> {
  if (!tenant) throw new Error('start the tenant first');
  const outbox = await openOutbox({ dir, api: armRoute(tenant.api), clock: systemClock, undoMs: 0, backoff: fastBackoff, syncWaitMs: 10_000, ...over });
  opened.push(outbox);
  return outbox;
}

const writesTo = (t: Tenant, stageId: string) =>
  t.running.sim.callLog().filter((c) => c.kind === 'write' && c.stageId !== undefined && bareStageId(c.stageId) === bareStageId(stageId));
/** Polls for a positive signal (a call the simulator logged, a state on disk); fails after `ms`. */
async function waitFor(check: () => boolean | Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

const applied = (t: Tenant, stageId: string) => t.running.sim.appliedDecisions().filter((d) => d.stageId === bareStageId(stageId));

describe('outbox against the PIM simulator', () => {
  it('journals a decision before sending, then sends it once: done, "Approved"', async () => {
    tenant = await startTenant();
    const outbox = await open({ undoMs: 400 });
    const [decision] = tenant.decisions(1, { result: 'Approve' });
    const entry = (await outbox.enqueue(decision!)).entry;
    expect(entry).toMatchObject({ state: 'queued', attempts: 0, result: 'Approve' });
    // On disk (fsynced) before anything went out; nothing sent during the undo window.
    expect(await readFile(join(dir, WAL_FILE), 'utf8')).toContain(entry.id);
    expect(writesTo(tenant, entry.stageId)).toHaveLength(0);
    const early = await outbox.sync(undefined, { waitMs: 0 });
    expect(early.pending).toEqual([entry.id]);

    const summary = await outbox.sync(undefined, { waitMs: 10_000 });
    expect(summary).toMatchObject({ done: [entry.id], conflict: [], failed: [], pending: [], offline: false, drained: true });
    const done = outbox.get(entry.id)!;
    expect(done).toMatchObject({ state: 'done', outcomeMessage: 'Approved', decidedBy: 'Alex Rivera', attempts: 1, lastError: null });
    expect(done.requestIds[0]).toMatchObject({ attempt: 1, requestId: expect.any(String), clientRequestId: expect.any(String) });
    expect(applied(tenant, entry.stageId)).toEqual([expect.objectContaining({ by: 'me', result: 'Approve' })]);
  });

  it('cancel works in the undo window and nothing is sent; not once final', async () => {
    tenant = await startTenant();
    const clock = new VirtualClock();
    const outbox = await open({ clock, undoMs: 5_000 });
    const [d] = tenant.decisions(1);
    const entry = (await outbox.enqueue(d!)).entry;
    await clock.advance(4_000);
    expect(await outbox.cancel(entry.id)).toMatchObject({ ok: true, entry: { state: 'cancelled', outcomeMessage: 'Cancelled' } });
    await clock.advance(2_000);
    expect((await outbox.sync(undefined, { waitMs: 0 })).pending).toEqual([]);
    expect(writesTo(tenant, entry.stageId)).toHaveLength(0);
    expect(await outbox.cancel(entry.id)).toEqual({ ok: false, reason: 'This decision is already cancelled.' });
    expect(await outbox.cancel('nope')).toEqual({ ok: false, reason: 'No such decision in the outbox.' });
  });

  it('a second click on the same stage does not make a second decision', async () => {
    tenant = await startTenant();
    const outbox = await open({ undoMs: 5_000 });
    const [d] = tenant.decisions(1);
    const a = (await outbox.enqueue(d!)).entry;
    const b = (await outbox.enqueue({ ...d!, justification: 'again' })).entry;
    expect(b.id).toBe(a.id);
    expect(outbox.list()).toHaveLength(1);
  });

  it('one entry per stage: another letter case is the same decision, the opposite verb is refused, Azure gets one write', async () => {
    tenant = await startTenant();
    const outbox = await open({ undoMs: 0 });
    const [d] = tenant.decisions(1, { result: 'Approve' });
    const first = await outbox.enqueue(d!);
    expect(first.status).toBe('created');
    const shouted = await outbox.enqueue({ ...d!, stageId: d!.stageId.toUpperCase() });
    expect(shouted).toEqual({ status: 'existing', entry: first.entry });
    const opposite = await outbox.enqueue({ ...d!, result: 'Deny', justification: 'changed my mind' });
    expect(opposite).toMatchObject({ status: 'refused', entry: { id: first.entry.id, result: 'Approve' }, message: 'You already approved this; the approval waits to be sent — undo it first.' });
    await outbox.sync(undefined, { waitMs: 5_000 });
    const after = await outbox.enqueue({ ...d!, result: 'Deny', justification: 'too late' });
    expect(after).toMatchObject({ status: 'refused', entry: { state: 'done', result: 'Approve' } });
    expect(after.status === 'refused' && after.message).toMatch(/^You already approved this; it was sent at \d\d:\d\d and Azure records Approve\.$/);
    expect(outbox.list()).toHaveLength(1);
    expect(writesTo(tenant, d!.stageId)).toHaveLength(1);
    expect(applied(tenant, d!.stageId)).toEqual([expect.objectContaining({ result: 'Approve' })]);
  });

  it('offline: decisions wait without an undo delay, can be cancelled, and go out on reconnect', async () => {
    tenant = await startTenant();
    const outbox = await open({ online: false, undoMs: 60_000, autoSync: true });
    const [d1, d2] = tenant.decisions(2);
    const e1 = (await outbox.enqueue(d1!)).entry;
    const e2 = (await outbox.enqueue(d2!)).entry;
    expect(e1.notBefore).toBe(e1.createdAt); // no undo wait for offline decisions
    const offline = await outbox.sync(undefined, { waitMs: 0 });
    expect(offline).toMatchObject({ offline: true, pending: expect.arrayContaining([e1.id, e2.id]) });
    expect(await outbox.cancel(e2.id)).toMatchObject({ ok: true });

    const settled = new Promise<OutboxEntry[]>((resolve) => {
      const off = outbox.onChange((entries) => {
        if (entries.every((e) => e.state !== 'queued' && e.state !== 'sending')) {
          off();
          resolve(entries);
        }
      });
    });
    outbox.setOnline(true); // OS event → drain starts by itself
    const entries = await settled;
    expect(entries.map((e) => [e.id, e.state])).toEqual(expect.arrayContaining([[e1.id, 'done'], [e2.id, 'cancelled']]));
    expect(writesTo(tenant, e2.stageId)).toHaveLength(0);
  });

  it('app start and resume start a drain by themselves (autoSync)', async () => {
    tenant = await startTenant();
    const first = await open({ online: false });
    const [d1, d2] = tenant.decisions(2);
    const e1 = (await first.enqueue(d1!)).entry;
    await first.close();
    const whenAllDone = (o: Outbox) =>
      new Promise<void>((resolve) => {
        const check = (entries: OutboxEntry[]) => entries.every((e) => e.state === 'done') && (off(), resolve());
        const off = o.onChange(check);
      });
    const app = await open({ autoSync: true }); // start: the queued decision goes out
    await whenAllDone(app);
    expect(app.get(e1.id)?.state).toBe('done');
    app.setOnline(false);
    const e2 = (await app.enqueue(d2!)).entry;
    expect(app.get(e2.id)?.state).toBe('queued');
    const done = whenAllDone(app);
    app.setOnline(true);
    app.resumed(); // a resume right after a reconnect must not send twice
    await done;
    expect(applied(tenant, e2.stageId)).toHaveLength(1);
  });

  it('recovers decisions a dead drainer left in "sending": no second write, nothing lost', async () => {
    tenant = await startTenant();
    const first = await open({ online: false });
    const [landed, notLanded] = tenant.decisions(2);
    const eLanded = (await first.enqueue(landed!)).entry;
    const eNot = (await first.enqueue(notLanded!)).entry;
    await first.close();
    // What a drainer killed mid-flight leaves behind: both marked sending (fsynced), one
    // write reached Azure, the other never left the machine.
    const { journal } = await openJournal(dir);
    for (const e of [eLanded, eNot]) {
      const t = transition(e, { type: 'send' }, Date.now());
      if (!t.ok) throw new Error(t.reason);
      await journal.append([t.entry]);
    }
    const sent = await tenant.api.decide(eLanded.stageId, eLanded.result, eLanded.justification);
    expect(sent.ok).toBe(true);

    const outbox = await open({ recoveryGraceMs: 50 });
    expect(outbox.list().map((e) => e.state)).toEqual(['sending', 'sending']);
    const summary = await outbox.sync();
    expect(summary.done.sort()).toEqual([eLanded.id, eNot.id].sort());
    for (const e of [eLanded, eNot]) {
      expect(outbox.get(e.id)).toMatchObject({ state: 'done', attempts: 2 });
      expect(applied(tenant, e.stageId)).toHaveLength(1);
      expect(writesTo(tenant, e.stageId)).toHaveLength(1);
    }
  });

  it('a probe that finds no ARM keeps decisions queued (captive portal is not a server error)', async () => {
    tenant = await startTenant();
    const outbox = await open({ probe: async () => 'captive-portal' });
    const [d] = tenant.decisions(1);
    const e = (await outbox.enqueue(d!)).entry;
    const summary = await outbox.sync(undefined, { waitMs: 0 });
    expect(summary).toMatchObject({ offline: true, pending: [e.id] });
    expect(outbox.get(e.id)).toMatchObject({ state: 'queued', attempts: 0 });
  });

  it('conflict: another approver decided first → "Already approved by Sam Okafor", no write', async () => {
    tenant = await startTenant();
    const outbox = await open();
    const [d] = tenant.decisions(1, { result: 'Deny' });
    const e = (await outbox.enqueue(d!)).entry;
    tenant.running.sim.decideAs('approver2', bareStageId(d!.stageId), 'Approve', 'I was faster');
    const summary = await outbox.sync();
    expect(summary.conflict).toEqual([e.id]);
    expect(outbox.get(e.id)).toMatchObject({ state: 'conflict', outcomeMessage: 'Already approved by Sam Okafor', decidedBy: 'Sam Okafor' });
    expect(writesTo(tenant, d!.stageId)).toHaveLength(0);
  });

  it('expiry while queued: 25 h later → "Expired before it could be sent"', async () => {
    tenant = await startTenant();
    const outbox = await open({ online: false });
    const [d] = tenant.decisions(1);
    const e = (await outbox.enqueue(d!)).entry;
    await tenant.running.sim.advance(25 * 3_600_000);
    outbox.setOnline(true);
    const summary = await outbox.sync();
    expect(summary.expired).toEqual([e.id]);
    expect(outbox.get(e.id)).toMatchObject({ state: 'expired', outcomeMessage: 'Expired before it could be sent' });
    expect(writesTo(tenant, d!.stageId)).toHaveLength(0);
  });

  it('403: a stage not assigned to me → failed with ARM\'s message', async () => {
    tenant = await startTenant();
    const outbox = await open();
    const [d] = tenant.decisions(1, { approvers: ['approver2'] });
    const e = (await outbox.enqueue(d!)).entry;
    const summary = await outbox.sync();
    expect(summary.failed).toEqual([e.id]);
    const failed = outbox.get(e.id)!;
    expect(failed.lastError).toMatchObject({ status: 403, code: expect.any(String), requestId: expect.any(String) });
    expect(failed.outcomeMessage).toMatch(/^Azure refused the decision \(403\): .+ Open it in the Azure portal\.$/);
    expect(failed.outcomeMessage).toContain(failed.lastError!.message);
    expect(applied(tenant, e.stageId)).toHaveLength(0);
  });

  it('self-approval → failed, saying why', async () => {
    tenant = await startTenant();
    const outbox = await open();
    const [d] = tenant.decisions(1, { requester: 'me' });
    const e = (await outbox.enqueue(d!)).entry;
    await outbox.sync();
    const entry = outbox.get(e.id)!;
    expect(entry.state).toBe('failed');
    expect(entry.outcomeMessage).toMatch(/Azure refused the decision/);
    expect(applied(tenant, e.stageId)).toHaveLength(0);
  });

  it('429: honours Retry-After, pauses the shared budget, and still sends each decision once', async () => {
    tenant = await startTenant({ knobs: { writeBucket: { burst: 2, perSecond: 2 } } });
    const clock = systemClock;
    const budgets = { reads: createRateBudget({ capacity: 1000, refillPerSecond: 1000, clock }), writes: createRateBudget({ capacity: 1000, refillPerSecond: 1000, clock }) };
    const outbox = await open({ budgets, concurrency: 4 });
    const ds = tenant.decisions(6);
    for (const d of ds) await outbox.enqueue(d);
    const summary = await outbox.sync(undefined, { waitMs: 20_000 });
    expect(summary.done).toHaveLength(6);
    expect(summary.throttled).toBeGreaterThan(0);
    for (const d of ds) expect(applied(tenant, d.stageId)).toHaveLength(1);
    const throttledEntry = outbox.list().find((e) => e.attempts > 1)!;
    expect(throttledEntry).toBeDefined();
  }, 30_000);

  it('a corrupt journal tail: earlier decisions kept, the damage reported for the user', async () => {
    tenant = await startTenant();
    const first = await open({ online: false });
    const ds = tenant.decisions(3);
    for (const d of ds) await first.enqueue(d);
    await first.close();
    const path = join(dir, WAL_FILE);
    const size = (await readFile(path)).length;
    await truncate(path, size - 10); // the third line torn mid-write
    const outbox = await open();
    expect(outbox.list().map((e) => e.stageId).sort()).toEqual([ds[0]!.stageId, ds[1]!.stageId].sort());
    expect(describeReport(outbox.report)).toEqual([
      'outbox.wal line 3: partial last line (write interrupted) — dropped',
      expect.stringMatching(/^damaged file kept as .*outbox\.wal\.corrupt-/),
    ]);
    const summary = await outbox.sync();
    expect(summary.done).toHaveLength(2);
  });

  it('one drainer at a time: a second outbox on the same directory defers', async () => {
    tenant = await startTenant({ knobs: { latencyMs: 30 } });
    const a = await open();
    const b = await open();
    const ds = tenant.decisions(5);
    for (const d of ds) await a.enqueue(d);
    const [ra, rb] = await Promise.all([a.sync(), new Promise((r) => setTimeout(r, 20)).then(() => b.sync(undefined, { waitMs: 0 }))]);
    expect(ra.drained).toBe(true);
    expect(rb.drained).toBe(false);
    expect(ra.done).toHaveLength(5);
    await b.refresh();
    expect(b.list().every((e) => e.state === 'done')).toBe(true);
    for (const d of ds) expect(applied(tenant, d.stageId)).toHaveLength(1);
  });

  it('cancel from another process is respected by the drainer', async () => {
    tenant = await startTenant();
    const clock = new VirtualClock();
    const app = await open({ clock, undoMs: 5_000 });
    const cli = await open({ clock, undoMs: 5_000 });
    const [d1, d2] = tenant.decisions(2);
    const e1 = (await app.enqueue(d1!)).entry;
    const e2 = (await app.enqueue(d2!)).entry;
    expect(await cli.cancel(e1.id)).toMatchObject({ ok: true }); // the CLI saw the app's entry
    await clock.advance(5_000);
    const summary = await app.sync(undefined, { waitMs: 0 });
    expect(summary.done).toEqual([e2.id]);
    expect(app.get(e1.id)?.state).toBe('cancelled');
    expect(writesTo(tenant, e1.stageId)).toHaveLength(0);
  });

  it('a signed-out account keeps its decisions queued and says so', async () => {
    tenant = await startTenant();
    const outbox = await open({ api: () => null });
    const [d] = tenant.decisions(1);
    const e = (await outbox.enqueue(d!)).entry;
    const summary = await outbox.sync(undefined, { waitMs: 0 });
    expect(summary).toMatchObject({ needsSignIn: ['me@sim'], pending: [e.id] });
  });

  it('never writes the justification to its log', async () => {
    tenant = await startTenant();
    const lines: string[] = [];
    const logger = { info: (m: string, f?: object) => lines.push(m + JSON.stringify(f ?? {})), warn: (m: string, f?: object) => lines.push(m + JSON.stringify(f ?? {})) };
    const outbox = await open({ logger });
    const [d] = tenant.decisions(1, { justification: 'TOP-SECRET-WORDS' });
    await outbox.enqueue(d!);
    await outbox.sync();
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('\n')).not.toContain('TOP-SECRET-WORDS');
    expect(lines.join('\n')).not.toContain(tenant.running.tokens.me);
  });

  it('two entries for one stage in the journal (another casing, written by two processes): one write, the newer cancelled unsent', async () => {
    tenant = await startTenant();
    const [d] = tenant.decisions(1, { result: 'Approve' });
    const t0 = Date.now();
    const older = makeEntry({ ...d!, id: 'older', createdAt: t0, updatedAt: t0, notBefore: t0 });
    const newer = makeEntry({ ...d!, id: 'newer', stageId: d!.stageId.toUpperCase(), accountId: d!.accountId.toUpperCase(), result: 'Deny', justification: 'the other verb', createdAt: t0 + 1, updatedAt: t0 + 1, notBefore: t0 + 1 });
    const { journal } = await openJournal(dir);
    await journal.append([newer, older]);
    const outbox = await open();
    const summary = await outbox.sync(undefined, { waitMs: 5_000 });
    expect(summary.done).toEqual(['older']);
    expect(outbox.get('newer')).toMatchObject({ state: 'cancelled', outcomeMessage: DUPLICATE_MESSAGE, attempts: 0 });
    expect(writesTo(tenant, d!.stageId)).toHaveLength(1);
    expect(applied(tenant, d!.stageId)).toEqual([expect.objectContaining({ by: 'me', result: 'Approve' })]);
  });

  it('the client clock two days ahead of the service: a queued decision is still sent (only the service says expired)', async () => {
    tenant = await startTenant();
    const day = 24 * 3_600_000;
    const clock = new VirtualClock(Date.now() + 2 * day);
    const outbox = await open({ clock });
    const [d] = tenant.decisions(1, { request: { role: 'Owner', scope: 'Sub-1', requester: 'Jordan Lee', expiresAt: new Date(Date.now() + day).toISOString() } });
    const e = (await outbox.enqueue(d!)).entry;
    const summary = await outbox.sync(undefined, { waitMs: 0 });
    expect(summary.done).toEqual([e.id]);
    expect(outbox.get(e.id)).toMatchObject({ state: 'done', outcomeMessage: 'Approved' });
    expect(applied(tenant, e.stageId)).toEqual([expect.objectContaining({ by: 'me', result: d!.result })]);
  });

  it('fenced: a drainer whose drain lock was taken over while it read the stage writes nothing and records nothing', async () => {
    tenant = await startTenant({ knobs: { latencyMs: 300 } });
    const outbox = await open();
    const [d] = tenant.decisions(1);
    const e = (await outbox.enqueue(d!)).entry;
    tenant.running.sim.clearLog();
    const running = outbox.sync(undefined, { waitMs: 0 });
    // The simulator logs the read at once and answers after its latency: meanwhile another
    // process takes the drain lock over (as after a stop longer than its staleness).
    await waitFor(() => tenant!.running.sim.callLog().some((c) => c.route === 'getStage'), "the drainer's read of the stage");
    await writeFile(join(dir, DRAIN_LOCK), JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now(), token: 'another-drainer' }));
    const summary = await running;
    expect(summary).toMatchObject({ drained: false, done: [], unsaved: [], journalError: null });
    expect(tenant.running.sim.callLog().map((c) => c.kind)).toEqual(['read']); // the read, and no write of any form
    expect(outbox.get(e.id)).toMatchObject({ state: 'sending', attempts: 1 }); // left to the new owner
    expect(JSON.parse(await readFile(join(dir, DRAIN_LOCK), 'utf8')).token).toBe('another-drainer');
  });

  it('fenced: a drainer whose entry another drainer took over meanwhile writes nothing and records nothing', async () => {
    tenant = await startTenant({ knobs: { latencyMs: 300 } });
    const outbox = await open();
    const [d] = tenant.decisions(1);
    const e = (await outbox.enqueue(d!)).entry;
    tenant.running.sim.clearLog();
    const running = outbox.sync(undefined, { waitMs: 0 });
    await waitFor(() => tenant!.running.sim.callLog().some((c) => c.route === 'getStage'), "the drainer's read of the stage");
    // Another drainer marked the entry for its own attempt (recovery of a 'sending' entry).
    const { journal } = await openJournal(dir);
    const cur = journal.entries().get(e.id)!;
    expect(cur).toMatchObject({ state: 'sending', attempts: 1 });
    const theirs = transition(cur, { type: 'send' }, Date.now());
    if (!theirs.ok) throw new Error(theirs.reason);
    await journal.append([theirs.entry]);
    const summary = await running;
    expect(summary).toMatchObject({ drained: false, done: [] });
    expect(tenant.running.sim.callLog().map((c) => c.kind)).toEqual(['read']);
    expect(outbox.get(e.id)).toMatchObject({ state: 'sending', attempts: 2 }); // the other's attempt, untouched
  });

  it('an outcome is not recorded over an attempt another drainer started meanwhile', async () => {
    tenant = await startTenant({ knobs: { latencyMs: 300 } });
    const outbox = await open();
    const [d] = tenant.decisions(1);
    const e = (await outbox.enqueue(d!)).entry;
    tenant.running.sim.clearLog();
    const running = outbox.sync(undefined, { waitMs: 0 });
    // The write is applied when logged and answered 300 ms later; meanwhile another drainer
    // (which took the drain over) starts its own attempt on the entry.
    await waitFor(() => tenant!.running.sim.callLog().some((c) => c.kind === 'write'), "the drainer's write");
    const { journal } = await openJournal(dir);
    const theirs = transition(journal.entries().get(e.id)!, { type: 'send' }, Date.now());
    if (!theirs.ok) throw new Error(theirs.reason);
    await journal.append([theirs.entry]);
    const summary = await running;
    expect(summary.done).toEqual([]);
    expect(outbox.get(e.id)).toMatchObject({ state: 'sending', attempts: 2 }); // theirs to record
    expect(applied(tenant, e.stageId)).toHaveLength(1);
  });

  it('a drainer that lost its drain lock does not take the next entry', async () => {
    tenant = await startTenant({ knobs: { latencyMs: 300 } });
    const outbox = await open({ concurrency: 1 });
    const [d1, d2] = tenant.decisions(2);
    const e1 = (await outbox.enqueue(d1!)).entry;
    const e2 = (await outbox.enqueue(d2!)).entry;
    // The first is already decided by someone else: its attempt only reads (no write to fence).
    tenant.running.sim.decideAs('approver2', bareStageId(d1!.stageId), 'Approve', 'I was faster');
    tenant.running.sim.clearLog();
    const running = outbox.sync(undefined, { waitMs: 0 });
    await waitFor(() => tenant!.running.sim.callLog().some((c) => c.route === 'getStage' && bareStageId(c.stageId ?? '') === bareStageId(d1!.stageId)), 'the read of the first stage');
    await writeFile(join(dir, DRAIN_LOCK), JSON.stringify({ pid: process.pid, host: hostname(), at: Date.now(), token: 'another-drainer' }));
    const summary = await running;
    expect(summary).toMatchObject({ drained: false, conflict: [e1.id] });
    expect(outbox.get(e2.id)).toMatchObject({ state: 'queued', attempts: 0 }); // left to the new owner, not marked
    expect(tenant.running.sim.callLog().filter((c) => bareStageId(c.stageId ?? '') === bareStageId(d2!.stageId))).toEqual([]);
  });

  it('a live drainer keeps its drain lock through a long send, however low the staleness', async () => {
    // A send is three calls, ~4.5 s: well past the 2.5 s staleness, which leaves the heartbeat
    // (a third of it) room for a busy machine's event-loop stalls.
    tenant = await startTenant({ knobs: { latencyMs: 1_500 } });
    const a = await open({ drainLockStaleMs: 2_500 });
    const b = await open({ drainLockStaleMs: 2_500 });
    const [d] = tenant.decisions(1);
    const e = (await a.enqueue(d!)).entry;
    let finished = false;
    const first = a.sync(undefined, { waitMs: 0 }).finally(() => (finished = true));
    await waitFor(() => tenant!.running.sim.callLog().length > 0, 'the first call');
    const tries: boolean[] = [];
    while (!finished) {
      tries.push((await b.sync(undefined, { waitMs: 0 })).drained);
      await new Promise((r) => setTimeout(r, 50)); // pacing between tries, not a wait for an outcome
    }
    expect(tries.length).toBeGreaterThan(3);
    expect(tries.filter((drained) => drained)).toEqual([]);
    expect(await first).toMatchObject({ done: [e.id], drained: true });
    expect(writesTo(tenant, e.stageId)).toHaveLength(1);
  });
});

describe('a drain waits only for what it can send', () => {
  it("another account's decision in its undo window does not hold this process's sync", async () => {
    tenant = await startTenant();
    const clock = new VirtualClock();
    const theirs = await open({ clock, undoMs: 60_000 });
    const [d] = tenant.decisions(1, { accountId: 'someone.else' });
    await theirs.enqueue(d!);
    const mine = await open({ clock, api: (accountId) => (accountId === 'me@sim' ? tenant!.api : null), syncWaitMs: 120_000 });
    // On the virtual clock nothing advances: a drain that waited for their entry would never return.
    const summary = await mine.sync();
    expect(summary.pending).toEqual([theirs.list()[0]!.id]);
    expect(writesTo(tenant, d!.stageId)).toHaveLength(0);
  });
});
