/**
 * Runs a poller on a VirtualClock for tests and benchmarks: lets the poll under way finish
 * before time moves, and moves time to a target stopping at every scheduled poll, so each
 * poll completes at its own virtual moment. No production code uses it.
 */
import type { VirtualClock } from '../../main/core/clock';
import type { Poller } from '../../main/core/poller/poller';

export interface PollerDriver {
  /** Lets everything due now run, including a poll in flight. */
  settle(): Promise<void>;
  /** Moves virtual time to `t`, stopping at each poll on the way. */
  runUntil(t: number): Promise<void>;
}

export function drivePoller(poller: Pick<Poller, 'status'>, clock: VirtualClock): PollerDriver {
  const settle = async () => {
    await clock.advance(0);
    while (poller.status().polling) await new Promise((r) => setImmediate(r));
    await clock.advance(0);
  };
  const runUntil = async (t: number) => {
    for (;;) {
      await settle();
      const next = poller.status().nextPollAt;
      if (next === null || next > t) {
        if (t > clock.now()) await clock.advance(t - clock.now());
        await settle();
        return;
      }
      await clock.advance(Math.max(0, next - clock.now()));
    }
  };
  return { settle, runUntil };
}
