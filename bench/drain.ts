/**
 * Draining queued decisions through the real outbox at the simulator's default tenant
 * limits (writes 200 burst / 10 per s, reads 250 / 25 per s): time as a ratio to the
 * theoretical minimum, 429s received, and every decision applied exactly once. The
 * minimum is the larger of what ARM's buckets allow (1 write + 2 reads per decision) and
 * what latency allows at the outbox's concurrency (3 calls in a row per decision); it is
 * the definition drain-time.test.ts prints, so the two can be compared. It leaves out the
 * journal's fsyncs (exactly-once needs them), which dominate on bare loopback.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../main/core/clock';
import { openOutbox } from '../main/core/outbox';
import { DEFAULT_KNOBS } from '../main/demo/simulator';
import { median, type BenchContext, type Benchmark } from './common';
import { simWorld } from './sim-world';
import type { Figure } from './table';
import { drainFloor } from '../test/kit/drain-floor';
import { armRoute } from '../test/kit/arm-route';

const bench = 'drain';
/** The outbox's default; the latency floor depends on it. */
const CONCURRENCY = 4;

function stageIdOf(approvalId: string, stageId: string): string {
  return `/providers/Microsoft.Authorization/roleAssignmentApprovals/${approvalId}/stages/${stageId}`;
}

async function drainOnce(ctx: BenchContext, n: number, label: string, latencyMs: number, showCalls = true): Promise<Figure[]> {
  const world = await simWorld({ scenario: 'quiet', knobs: { latencyMs } });
  const dir = await mkdtemp(path.join(tmpdir(), 'bench-drain-'));
  try {
    const { sim, arm } = world;
    const stages = Array.from({ length: n }, () => {
      const r = sim.sim.createRequest({ requester: 'requester', approvers: ['me'] });
      return stageIdOf(r.approvalId, r.stageIds[0] ?? '');
    });
    // RTT from a quiet probe before the drain; its reads are refunded by the bucket's refill.
    const rtts: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      await arm.getStage(stages[0] ?? '');
      rtts.push(performance.now() - t0);
    }
    const rtt = median(rtts);
    // Let the read bucket refill what the probe took, so the drain starts from a full tenant.
    await new Promise((r) => setTimeout(r, Math.ceil((15 / DEFAULT_KNOBS.readBucket.perSecond) * 1000)));

    const outbox = await openOutbox({ dir, api: armRoute(arm), clock: systemClock, undoMs: 0, concurrency: CONCURRENCY, principalId: async () => sim.principals['me']?.id ?? null });
    for (const stageId of stages) {
      await outbox.enqueue({ accountId: 'bench', stageId, request: { role: 'Owner', scope: 'bench', requester: 'Bench' }, result: 'Approve', justification: 'bench drain' });
    }
    sim.sim.clearLog();
    const t0 = performance.now();
    const summary = await outbox.sync(undefined, { waitMs: 300_000 });
    const ms = performance.now() - t0;
    await outbox.close();

    const { rateFloorMs, latencyFloorMs, floorMs } = drainFloor(n, CONCURRENCY, rtt);
    const log = sim.sim.callLog();
    const throttled = log.filter((c) => c.status === 429).length;
    const applied = sim.sim.appliedDecisions();
    const perStage = new Map<string, number>();
    for (const a of applied) perStage.set(a.stageId, (perStage.get(a.stageId) ?? 0) + 1);
    const bare = (id: string) => id.split('/').pop() ?? id;
    const lost = stages.filter((s) => !perStage.has(bare(s))).length;
    const duplicated = [...perStage.values()].filter((c) => c > 1).length;
    const floorNote = rateFloorMs >= latencyFloorMs ? `rate-bound floor ${(floorMs / 1000).toFixed(2)} s` : `latency-bound floor ${(floorMs / 1000).toFixed(2)} s (RTT ${rtt.toFixed(1)} ms)`;
    ctx.log(`${bench} ${label}: ${summary.done.length}/${n} done in ${(ms / 1000).toFixed(2)} s; ${floorNote}; ${throttled} × 429; ${log.length} calls; lost ${lost}, duplicated ${duplicated}`);
    return [
      { bench, name: `${label}: time ÷ theoretical minimum`, value: ms / floorMs, unit: '×', goal: { op: '<=', target: 2 }, note: `${(ms / 1000).toFixed(2)} s, ${floorNote}` },
      { bench, name: `${label}: 429s received`, value: throttled, unit: '', goal: { op: '=', target: 0 } },
      ...(showCalls ? [{ bench, name: `${label}: ARM calls per decision`, value: log.length / n, unit: 'calls', goal: { op: '<=', target: 3 } } satisfies Figure] : []),
      { bench, name: `${label}: decisions lost`, value: lost, unit: '', goal: { op: '=', target: 0 }, correctness: true },
      { bench, name: `${label}: decisions duplicated`, value: duplicated, unit: '', goal: { op: '=', target: 0 }, correctness: true },
    ];
  } finally {
    await world.close();
    await rm(dir, { recursive: true, force: true });
  }
}

export const drainBench: Benchmark = {
  name: bench,
  async run(ctx) {
    if (ctx.quick) return drainOnce(ctx, 10, '10 queued decisions, 50 ms latency', 50);
    return [
      // 100 fit in the burst, so latency sets the floor: 50 ms is ARM-like, as in decide-latency.
      ...(await drainOnce(ctx, 100, '100 queued decisions, 50 ms latency', 50)),
      // On bare loopback the floor all but vanishes and what remains is the journal's fsyncs.
      ...(await drainOnce(ctx, 100, '100 queued decisions, loopback', 0, false)),
      // 300 go beyond the burst: the outbox must pace itself to the buckets, not meet 429s.
      ...(await drainOnce(ctx, 300, '300 queued decisions (beyond burst), loopback', 0, false)),
    ];
  },
};
