/**
 * Decision → confirmed by the service at 50 ms simulated latency: ARM calls per decision
 * and wall time as a multiple of the measured round-trip time, once straight through the
 * ARM client's decide() and once through the durable outbox (journal fsyncs included).
 * The design's path is three calls in a row (GET stage, PUT, GET to confirm), so the
 * floor is 3 RTT. Ratios to an RTT measured in the same run cancel out machine noise.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { systemClock } from '../main/core/clock';
import { openOutbox } from '../main/core/outbox';
import { median, type Benchmark } from './common';
import { simWorld, type SimWorld } from './sim-world';
import type { Figure } from './table';
import { armRoute } from '../test/kit/arm-route';

const bench = 'decide-latency';
const LATENCY_MS = 50;
/** Three sequential round trips, plus 10 % for parsing and bookkeeping. */
const RTT_GOAL = 3.3;

function fullStageId(approvalId: string, stageId: string): string {
  return `/providers/Microsoft.Authorization/roleAssignmentApprovals/${approvalId}/stages/${stageId}`;
}

function newStages(world: SimWorld, n: number): string[] {
  return Array.from({ length: n }, () => {
    const r = world.sim.sim.createRequest({ requester: 'requester', approvers: ['me'] });
    const stage = r.stageIds[0];
    if (!stage) throw new Error('the simulator created a request without a stage');
    return fullStageId(r.approvalId, stage);
  });
}

export const decideLatency: Benchmark = {
  name: bench,
  async run(ctx) {
    const n = ctx.quick ? 3 : 15;
    const world = await simWorld({ scenario: 'quiet', knobs: { latencyMs: LATENCY_MS } });
    const dir = await mkdtemp(path.join(tmpdir(), 'bench-decide-'));
    try {
      const { sim, arm } = world;
      const [probe] = newStages(world, 1);
      if (!probe) throw new Error('no stage to probe');
      const rtts: number[] = [];
      for (let i = 0; i < (ctx.quick ? 5 : 15); i++) {
        const t0 = performance.now();
        const got = await arm.getStage(probe);
        if (!got.ok) throw new Error(`RTT probe failed: ${got.error.message}`);
        rtts.push(performance.now() - t0);
      }
      const rtt = median(rtts);

      // Straight through the client.
      const direct: number[] = [];
      sim.sim.clearLog();
      for (const stage of newStages(world, n)) {
        const t0 = performance.now();
        const got = await arm.decide(stage, 'Approve', 'bench decision');
        direct.push(performance.now() - t0);
        if (!got.ok || got.value.outcome !== 'done') throw new Error(`decide did not complete: ${got.ok ? got.value.outcome : got.error.message}`);
      }
      const directCalls = sim.sim.callLog().length / n;

      // Through the outbox: journal first (fsync), then send and record, as the app does.
      const outbox = await openOutbox({ dir, api: armRoute(arm), clock: systemClock, undoMs: 0, principalId: async () => sim.principals['me']?.id ?? null });
      const viaOutbox: number[] = [];
      sim.sim.clearLog();
      try {
        for (const stage of newStages(world, n)) {
          const t0 = performance.now();
          const entry = (await outbox.enqueue({ accountId: 'bench', stageId: stage, request: { role: 'Owner', scope: 'bench', requester: 'Bench' }, result: 'Approve', justification: 'bench decision' })).entry;
          const summary = await outbox.sync(undefined, { waitMs: 0 });
          viaOutbox.push(performance.now() - t0);
          if (!summary.done.includes(entry.id)) throw new Error(`outbox did not confirm the decision: ${JSON.stringify(outbox.get(entry.id)?.state)}`);
        }
      } finally {
        await outbox.close();
      }
      const outboxCalls = sim.sim.callLog().length / n;
      ctx.log(`${bench}: RTT ${rtt.toFixed(1)} ms; client ${median(direct).toFixed(0)} ms, ${directCalls} calls; outbox ${median(viaOutbox).toFixed(0)} ms, ${outboxCalls} calls`);

      const note = `median of ${n}, RTT ${rtt.toFixed(0)} ms`;
      const figures: Figure[] = [
        { bench, name: 'decide → confirmed, ARM calls per decision', value: directCalls, unit: 'calls', goal: { op: '<=', target: 3 } },
        { bench, name: 'decide → confirmed, wall time ÷ RTT (ARM client)', value: median(direct) / rtt, unit: 'RTT', goal: { op: '<=', target: RTT_GOAL }, note },
        { bench, name: 'decide → confirmed, ARM calls per decision (outbox)', value: outboxCalls, unit: 'calls', goal: { op: '<=', target: 3 } },
        { bench, name: 'decide → confirmed, wall time ÷ RTT (outbox, journal fsync)', value: median(viaOutbox) / rtt, unit: 'RTT', goal: { op: '<=', target: RTT_GOAL }, note },
      ];
      return figures;
    } finally {
      await world.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
