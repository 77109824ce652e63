/**
 * Crash test: a real drainer process (crash-child.ts) is SIGKILLed at random moments while
 * it sends decisions of all three kinds (ARM and Graph) to the simulator, and restarted, CRASH_CYCLES times (default 20).
 * Each kill is one of: a random moment after start-up (recovery, marking, compaction…);
 * the instant the simulator applied a write the child sent (the child cannot have
 * recorded it yet: the answer comes after the simulator's latency) — the window where a
 * naive retry would write twice; or a short random delay after the child's 1st–3rd
 * "sending" event. At the end the simulator's oracle must show every decision applied
 * exactly once and the journal every entry final.
 *
 * Env: CRASH_CYCLES (20), CRASH_DECISIONS (30; grows to 1.5 × cycles so later cycles
 * still have work), CRASH_SEED (random; printed so a failure can be replayed).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { openOutbox } from './outbox';
import { bareStageId, startTenant, type Tenant } from '../../../test/kit/sim-fixture';
import { seededRng } from '../random';
import { armRoute } from '../../../test/kit/arm-route';

const CYCLES = Number(process.env['CRASH_CYCLES'] ?? 20);
const TOTAL = Math.max(Number(process.env['CRASH_DECISIONS'] ?? 30), Math.ceil(CYCLES * 1.5));
const SEED = Number(process.env['CRASH_SEED'] ?? Math.floor(Math.random() * 2 ** 31));
const ROOT = join(import.meta.dirname, '..', '..', '..');


interface Child {
  proc: ChildProcess;
  /** Ids the child announced as being sent, in order. */
  sent: string[];
  /** Resolves at the n-th "outbox sending" line, or with 'finished' / 'exited'. */
  sendingEvent(n: number): Promise<'sending' | 'finished' | 'exited'>;
  /** Resolves once the child has opened the outbox (journal loaded, nothing sent yet). */
  started: Promise<void>;
  exited: Promise<number | null>;
}

function startChild(tenant: Tenant, dir: string): Child {
  const proc = spawn(
    process.execPath,
    ['--import', 'tsx', join(ROOT, 'test/kit/crash-child.ts'), tenant.running.url, tenant.running.tokens.me, dir, tenant.running.principals['me']!.id, tenant.running.graphUrl, tenant.running.graphTokens.me],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let sendings = 0;
  const sent: string[] = [];
  let markStarted: () => void = () => undefined;
  const started = new Promise<void>((r) => (markStarted = r));
  let finished = false;
  let exitedFlag = false;
  const waiters: { n: number; resolve: (v: 'sending' | 'finished' | 'exited') => void }[] = [];
  const wake = () => {
    for (const w of waiters.splice(0)) {
      if (exitedFlag) w.resolve('exited');
      else if (finished) w.resolve('finished');
      else if (sendings >= w.n) w.resolve('sending');
      else waiters.push(w);
    }
  };
  createInterface({ input: proc.stdout! }).on('line', (line) => {
    if (line.includes('"event":"outbox sending"')) {
      sendings++;
      sent.push((JSON.parse(line) as { id: string }).id);
    }
    if (line.includes('"event":"started"')) markStarted();
    if (line.includes('"event":"finished"')) finished = true;
    wake();
  });
  let stderr = '';
  proc.stderr!.on('data', (b: Buffer) => (stderr += b.toString()));
  const exited = new Promise<number | null>((resolve) =>
    proc.once('exit', (code) => {
      exitedFlag = true;
      markStarted();
      wake();
      if (code !== 0 && code !== null && stderr) process.stderr.write(`crash-child stderr: ${stderr}\n`);
      resolve(code);
    }),
  );
  return {
    proc,
    sent,
    started,
    exited,
    sendingEvent: (n) =>
      new Promise((resolve) => {
        waiters.push({ n, resolve });
        wake();
      }),
  };
}

let tenant: Tenant | undefined;
let dir: string | undefined;
afterAll(async () => {
  await tenant?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('outbox crash test', () => {
  it(`SIGKILL ${CYCLES}× at random moments: every decision applied exactly once, none lost`, async () => {
    const started = Date.now();
    const rand = seededRng(SEED);
    const t = await startTenant({
      knobs: { latencyMs: 10, readBucket: { burst: 1e6, perSecond: 1e6 }, writeBucket: { burst: 1e6, perSecond: 1e6 }, graphBucket: { burst: 1e6, perSecond: 1e6 } },
      seed: SEED,
    });
    tenant = t;
    dir = await mkdtemp(join(tmpdir(), 'outbox-crash-'));
    // The test's own handle only enqueues and reads; it never drains.
    const handle = await openOutbox({ dir, api: armRoute(t.api), clock: systemClock, undoMs: 0 });
    let enqueued = 0;
    let killsMidFlight = 0;
    let killsTimed = 0;
    let killsAfterWrite = 0;

    for (let cycle = 0; cycle < CYCLES; cycle++) {
      await handle.refresh();
      const waiting = handle.list().filter((e) => e.state === 'queued' || e.state === 'sending').length;
      const topUp = cycle === CYCLES - 1 ? TOTAL - enqueued : Math.min(TOTAL - enqueued, Math.max(0, 3 - waiting));
      // All three kinds, interleaved: ARM and Graph decisions share the journal and the drain.
      for (const d of t.decisions(topUp, { kinds: ['azureResource', 'entraRole', 'group'] })) await handle.enqueue(d);
      enqueued += topUp;

      const child = startChild(t, dir);
      const mode = rand();
      if (mode < 0.2) {
        // At a random time once it runs: during recovery, marking, sending, recording or compaction.
        killsTimed++;
        await child.started;
        await Promise.race([new Promise((r) => setTimeout(r, Math.floor(rand() * 150))), child.exited]);
      } else if (mode < 0.5) {
        // The most dangerous moment: the simulator has applied the write (it answers only
        // after its latency), so the child cannot have recorded the outcome yet.
        const outcome = await Promise.race([child.sendingEvent(1), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000))]);
        const stage = child.sent[0] ? handle.get(child.sent[0])?.stageId : undefined;
        if (outcome === 'sending' && stage) {
          const until = Date.now() + 2_000;
          while (Date.now() < until && !t.running.sim.appliedDecisions().some((a) => a.stageId === bareStageId(stage))) {
            await new Promise((r) => setImmediate(r));
          }
        }
      } else {
        const outcome = await Promise.race([child.sendingEvent(1 + Math.floor(rand() * 3)), new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 10_000))]);
        if (outcome === 'sending') await new Promise((r) => setTimeout(r, Math.floor(rand() * 60)));
      }
      child.proc.kill('SIGKILL');
      await child.exited;
      await handle.refresh();
      // Mid-flight: a decision this child announced is still 'sending' in the journal.
      const inFlight = child.sent.map((id) => handle.get(id)).filter((e) => e?.state === 'sending');
      if (inFlight.length > 0) {
        killsMidFlight++;
        // The dangerous window: Azure has the decision, the journal does not know yet.
        const appliedNow = new Set(t.running.sim.appliedDecisions().map((a) => a.stageId));
        if (inFlight.some((e) => e && appliedNow.has(bareStageId(e.stageId)))) killsAfterWrite++;
      }
    }

    // Let a last drainer finish the job undisturbed.
    const last = startChild(t, dir);
    const code = await Promise.race([last.exited, new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), 40_000))]);
    if (code === 'timeout') last.proc.kill('SIGKILL');
    expect(code).toBe(0);

    await handle.refresh();
    const entries = handle.list();
    await handle.close();
    const appliedAll = t.running.sim.appliedDecisions();
    const log = t.running.sim.callLog();
    const perStage = new Map<string, number>();
    for (const a of appliedAll) perStage.set(a.stageId, (perStage.get(a.stageId) ?? 0) + 1);
    const writesSent = log.filter((c) => c.kind === 'write');
    const okWrites = new Map<string, number>();
    for (const w of writesSent) if (w.stageId && w.status >= 200 && w.status < 300) okWrites.set(bareStageId(w.stageId), (okWrites.get(bareStageId(w.stageId)) ?? 0) + 1);
    const duplicates = [...perStage.values()].filter((n) => n > 1).length;
    const lost = entries.filter((e) => (perStage.get(bareStageId(e.stageId)) ?? 0) === 0).length;
    const nonFinal = entries.filter((e) => e.state !== 'done');

    const byKind = ['azureResource', 'entraRole', 'group'].map((k) => `${entries.filter((e) => e.kind === k).length} ${k}`).join(', ');
    console.log(
      `crash test: seed ${SEED}, ${CYCLES} kill cycles (${killsMidFlight} landed mid-flight, ${killsAfterWrite} of them after the write reached the simulator; ${killsTimed} at random times), ` +
        `${entries.length} decisions checked (${byKind}), ${duplicates} duplicates, ${lost} lost, ${writesSent.length} writes sent ` +
        `(${writesSent.length - appliedAll.length} re-sends refused or faulted), ${((Date.now() - started) / 1000).toFixed(1)} s`,
    );

    expect(entries).toHaveLength(TOTAL);
    expect(nonFinal.map((e) => `${e.id} ${e.state} ${e.lastError?.message ?? ''}`)).toEqual([]);
    expect(duplicates).toBe(0);
    expect(lost).toBe(0);
    expect(appliedAll).toHaveLength(TOTAL);
    for (const e of entries) {
      const mine = appliedAll.filter((a) => a.stageId === bareStageId(e.stageId));
      expect(mine).toEqual([expect.objectContaining({ by: 'me', result: e.result })]);
      // One write that changed the stage; at most one successful write answer per stage.
      expect(okWrites.get(bareStageId(e.stageId)) ?? 0).toBeLessThanOrEqual(1);
    }
    expect(killsMidFlight).toBeGreaterThan(0);
    for (const kind of ['azureResource', 'entraRole', 'group'] as const) expect(entries.filter((e) => e.kind === kind).length).toBeGreaterThan(0);
  }, 60_000 + CYCLES * 6_000);
});
