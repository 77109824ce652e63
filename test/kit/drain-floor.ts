/**
 * The theoretical minimum time to drain N decisions against the simulator: each decision
 * is one write and two reads (check before, confirm after), so the tenant's token buckets
 * bound it from below, and so do 3 round trips per decision at the drainer's concurrency.
 * Shared by the outbox's drain test and the drain benchmark so both measure against one rule.
 */
import { DEFAULT_KNOBS, type Knobs } from '../../main/demo/knobs';

export interface DrainFloor {
  rateFloorMs: number;
  latencyFloorMs: number;
  floorMs: number;
}

export function drainFloor(n: number, concurrency: number, rttMs: number, knobs: Pick<Knobs, 'readBucket' | 'writeBucket'> = DEFAULT_KNOBS): DrainFloor {
  const { burst, perSecond } = knobs.writeBucket;
  const reads = knobs.readBucket;
  const rateFloorMs = Math.max((Math.max(0, n - burst) / perSecond) * 1000, (Math.max(0, 2 * n - reads.burst) / reads.perSecond) * 1000);
  const latencyFloorMs = Math.ceil(n / concurrency) * 3 * rttMs;
  return { rateFloorMs, latencyFloorMs, floorMs: Math.max(rateFloorMs, latencyFloorMs) };
}
