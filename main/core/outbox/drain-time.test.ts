/**
 * Measures how long the outbox takes to drain DRAIN_N (default 100) decisions against the
 * simulator's default tenant write limit (200 burst / 10 per s) with the default shared
 * rate budget, and compares it with the theoretical minimum: the larger of what ARM's
 * buckets allow (1 write + 2 reads per decision) and what the call latency allows at our concurrency. Prints the
 * figures; asserts only that nothing was throttled and everything was sent once.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { systemClock } from '../clock';
import { DEFAULT_KNOBS } from '../../demo/simulator';
import { openOutbox } from './outbox';
import { startTenant, type Tenant } from '../../../test/kit/sim-fixture';
import { drainFloor } from '../../../test/kit/drain-floor';
import { armRoute } from '../../../test/kit/arm-route';

const N = Number(process.env['DRAIN_N'] ?? 100);
const CONCURRENCY = 4;

let tenant: Tenant | undefined;
let dir: string | undefined;
afterAll(async () => {
  await tenant?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('drain time', () => {
  it(`drains ${N} decisions at the default tenant write limit without a 429`, async () => {
    const t = await startTenant();
    tenant = t;
    dir = await mkdtemp(join(tmpdir(), 'outbox-drain-'));
    const outbox = await openOutbox({ dir, api: armRoute(t.api), clock: systemClock, undoMs: 0, concurrency: CONCURRENCY });
    const ds = t.decisions(N);
    // The floor set by latency: a decision is three calls in a row (GET, PUT, GET).
    const stage = ds[0]!.stageId;
    const rtts: number[] = [];
    for (let i = 0; i < 15; i++) {
      const t0 = performance.now();
      await t.api.getStage(stage);
      rtts.push(performance.now() - t0);
    }
    const rtt = rtts.sort((a, b) => a - b)[Math.floor(rtts.length / 2)]!;
    for (const d of ds) await outbox.enqueue(d);
    t.running.sim.clearLog();

    const t0 = performance.now();
    const summary = await outbox.sync(undefined, { waitMs: 120_000 });
    const ms = performance.now() - t0;
    await outbox.close();

    const { burst, perSecond } = DEFAULT_KNOBS.writeBucket;
    const reads = DEFAULT_KNOBS.readBucket;
    const { rateFloorMs, latencyFloorMs, floorMs: floor } = drainFloor(N, CONCURRENCY, rtt);
    const log = t.running.sim.callLog();
    const throttled = log.filter((c) => c.status === 429).length;
    console.log(
      `drain: ${N} decisions in ${(ms / 1000).toFixed(2)} s (${((N / ms) * 1000).toFixed(1)}/s); theoretical minimum ${(floor / 1000).toFixed(2)} s ` +
        `(write bucket ${burst}/${perSecond}/s and read bucket ${reads.burst}/${reads.perSecond}/s → ${(rateFloorMs / 1000).toFixed(2)} s; latency ${rtt.toFixed(1)} ms × 3 calls × ${Math.ceil(N / CONCURRENCY)} rounds → ${(latencyFloorMs / 1000).toFixed(2)} s); ` +
        `ratio ${(ms / floor).toFixed(2)}; ${throttled} × 429; ${log.length} calls`,
    );
    expect(summary.done).toHaveLength(N);
    expect(throttled).toBe(0);
    expect(t.running.sim.appliedDecisions()).toHaveLength(N);
  }, 180_000);
});
