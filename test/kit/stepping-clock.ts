/**
 * Test support only: a Clock whose sleeps return at once and move its time on by what was
 * asked, recording each. Lets a test run the decide flow's confirm backoff, the outbox's
 * retries and a server that applies a write "seconds later" on one shared timeline,
 * without waiting in real time. Never used by production code.
 */
import type { Clock } from '../../main/core/clock';

export interface SteppingClock extends Clock {
  /** Every sleep asked for, in order (ms). */
  readonly sleeps: number[];
}

export function steppingClock(start = Date.UTC(2026, 0, 5, 9)): SteppingClock {
  let t = start;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => t,
    sleep: async (ms, signal) => {
      signal?.throwIfAborted();
      sleeps.push(ms);
      t += Math.max(0, ms);
    },
  };
}
