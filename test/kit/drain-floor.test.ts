import { describe, expect, it } from 'vitest';
import { drainFloor } from './drain-floor';

describe('drainFloor', () => {
  const knobs = { readBucket: { burst: 250, perSecond: 25 }, writeBucket: { burst: 200, perSecond: 10 } };
  it('inside the burst, latency sets the floor: 3 round trips per decision per slot', () => {
    expect(drainFloor(100, 4, 50, knobs)).toEqual({ rateFloorMs: 0, latencyFloorMs: 25 * 3 * 50, floorMs: 3750 });
  });
  it('beyond the burst, the slower bucket sets it (two reads per decision)', () => {
    // 300 decisions: writes (300-200)/10 = 10 s, reads (600-250)/25 = 14 s.
    expect(drainFloor(300, 4, 1, knobs)).toMatchObject({ rateFloorMs: 14_000, floorMs: 14_000 });
  });
});
