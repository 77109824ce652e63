/**
 * Soak: (1) the outbox's own crash harness (main/core/outbox/crash.test.ts with its
 * test/kit/crash-child.ts), run with CRASH_CYCLES SIGKILL/restart cycles and a fixed seed, read
 * back from the one summary line it prints; (2) a 30 % fault soak: the real outbox drains
 * decisions while the simulator fails 30 % of calls (500, 503, drops, hangs — half of the
 * faulted writes applied anyway). Figures: decisions lost and duplicated (must be 0, the
 * run fails otherwise) and ARM requests per decision. Never retries a failed soak: a
 * lost or duplicated decision must show.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../main/core/clock';
import { openOutbox } from '../main/core/outbox';
import { isFinal } from '../main/core/outbox/types';
import { repoRoot, round, type BenchContext, type Benchmark } from './common';
import { simWorld } from './sim-world';
import type { Figure } from './table';
import { armRoute } from '../test/kit/arm-route';

const bench = 'soak';
/** Fixed so a failure can be replayed with CRASH_SEED; the harness prints it too. */
const CRASH_SEED = 20261123;

export interface CrashSummary {
  cycles: number;
  midFlight: number;
  afterWrite: number;
  decisions: number;
  duplicates: number;
  lost: number;
  writes: number;
  seconds: number;
}

/** Reads crash.test.ts's "crash test: …" line; null when its wording changed. */
export function parseCrashLine(output: string): CrashSummary | null {
  const m =
    /crash test: seed \d+, (\d+) kill cycles \((\d+) landed mid-flight, (\d+) of them after the write[^)]*\), (\d+) decisions checked(?: \([^)]*\))?, (\d+) duplicates, (\d+) lost, (\d+) writes sent.*?([\d.]+) s\b/.exec(
      output,
    );
  if (!m) return null;
  const n = (i: number) => Number(m[i]);
  return { cycles: n(1), midFlight: n(2), afterWrite: n(3), decisions: n(4), duplicates: n(5), lost: n(6), writes: n(7), seconds: n(8) };
}

async function crashSoak(ctx: BenchContext): Promise<Figure[]> {
  const cycles = ctx.quick ? 3 : 100;
  const child = spawn(process.execPath, [path.join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs'), 'run', 'main/core/outbox/crash.test.ts'], {
    cwd: repoRoot,
    // Quick: a handful of decisions (the harness defaults to 30) keeps the smoke short.
    env: { ...process.env, CRASH_CYCLES: String(cycles), CRASH_SEED: String(CRASH_SEED), ...(ctx.quick ? { CRASH_DECISIONS: '6' } : {}), FORCE_COLOR: '0', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  const summary = parseCrashLine(output);
  ctx.log(`${bench} crash: vitest exit ${code}; ${summary ? JSON.stringify(summary) : 'no summary line found'}`);
  if (code !== 0) ctx.log(output.split('\n').slice(-40).join('\n'));
  const note = summary ? `${summary.cycles} SIGKILL cycles, ${summary.midFlight} mid-flight (${summary.afterWrite} after the write landed), seed ${CRASH_SEED}` : `crash harness exit ${code}, summary unreadable`;
  return [
    // An unreadable summary stays null: verdict() treats an unknown correctness figure as FAIL.
    { bench, name: `crash soak: decisions lost`, value: summary ? summary.lost : null, unit: '', goal: { op: '=', target: 0 }, correctness: true, note },
    { bench, name: 'crash soak: decisions duplicated', value: summary ? summary.duplicates : null, unit: '', goal: { op: '=', target: 0 }, correctness: true },
    { bench, name: 'crash soak: harness passed (exit code)', value: code, unit: '', goal: { op: '=', target: 0 }, correctness: true },
    { bench, name: 'crash soak: stage writes per decision', value: summary ? summary.writes / Math.max(1, summary.decisions) : null, unit: 'writes', goal: null, note: summary ? `${summary.decisions} decisions in ${summary.seconds} s` : 'context' },
  ];
}

async function faultSoak(ctx: BenchContext): Promise<Figure[]> {
  const n = ctx.quick ? 10 : 100;
  // Read-back pauses and settle time scaled like the backoff: a write that may have landed is
  // re-read for 1 s, not 10 min, so the soak's minutes cover what hours would in the field.
  const world = await simWorld({ scenario: 'quiet', knobs: { latencyMs: 5 }, seed: 7, client: { timeoutMs: 400, confirmDelaysMs: [50, 100, 200, 400] } });
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-soak-'));
  try {
    const { sim, arm } = world;
    const outbox = await openOutbox({
      dir,
      api: armRoute(arm),
      clock: systemClock,
      undoMs: 0,
      concurrency: 4,
      // Short backoff keeps the soak in minutes; the policy's shape is what is exercised.
      backoff: { baseMs: 20, maxMs: 250 },
      maxAttempts: 60,
      writeSettleMs: 1_000,
      principalId: async () => sim.principals['me']?.id ?? null,
    });
    const stages: string[] = [];
    for (let i = 0; i < n; i++) {
      const r = sim.sim.createRequest({ requester: 'requester', approvers: ['me'] });
      const stageId = `/providers/Microsoft.Authorization/roleAssignmentApprovals/${r.approvalId}/stages/${r.stageIds[0] ?? ''}`;
      stages.push(stageId);
      await outbox.enqueue({ accountId: 'bench', stageId, request: { role: 'Owner', scope: 'bench', requester: 'Bench' }, result: i % 3 === 0 ? 'Deny' : 'Approve', justification: `soak ${i}` });
    }
    sim.sim.clearLog();
    sim.sim.setKnobs({ errorRate: 0.3 });
    const t0 = performance.now();
    const summary = await outbox.sync(undefined, { waitMs: 120_000 });
    const seconds = (performance.now() - t0) / 1000;
    const entries = outbox.list();
    await outbox.close();

    const log = sim.sim.callLog();
    const faults = log.filter((c) => c.fault).length;
    const applied = sim.sim.appliedDecisions();
    const perStage = new Map<string, number>();
    for (const a of applied) perStage.set(a.stageId, (perStage.get(a.stageId) ?? 0) + 1);
    const bare = (id: string) => id.split('/').pop() ?? id;
    const lost = stages.filter((s) => !perStage.has(bare(s))).length;
    const duplicated = [...perStage.values()].filter((c) => c > 1).length;
    const notFinal = entries.filter((e) => !isFinal(e.state)).length;
    const notDone = entries.filter((e) => e.state !== 'done').length;
    ctx.log(`${bench} faults: ${n} decisions, ${log.length} calls (${faults} faulted) in ${seconds.toFixed(1)} s; pending ${summary.pending.length}, not done ${notDone}; lost ${lost}, duplicated ${duplicated}`);
    const note = `${n} decisions, errorRate 0.3, ${faults} of ${log.length} calls faulted`;
    return [
      { bench, name: '30 % fault soak: decisions lost', value: lost, unit: '', goal: { op: '=', target: 0 }, correctness: true, note },
      { bench, name: '30 % fault soak: decisions duplicated', value: duplicated, unit: '', goal: { op: '=', target: 0 }, correctness: true },
      { bench, name: '30 % fault soak: decisions not final', value: notFinal, unit: '', goal: { op: '=', target: 0 }, correctness: true, note: `${notDone} not done` },
      // Budget: retrying the whole fault-free path (GET, PUT, GET) until all three pass costs
      // 3 / 0.7³ ≈ 8.7 calls on average; stopping at the first fault and re-checking must not cost more.
      { bench, name: '30 % fault soak: ARM requests per decision', value: log.length / n, unit: 'calls', goal: { op: '<=', target: round(3 / 0.7 ** 3, 1) }, note: `${seconds.toFixed(1)} s; fault-free 3` },
    ];
  } finally {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export const soakBench: Benchmark = {
  name: bench,
  async run(ctx) {
    return [...(await crashSoak(ctx)), ...(await faultSoak(ctx))];
  },
};
