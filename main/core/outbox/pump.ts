/**
 * The app's background sender: runs a drain when a decision becomes due (end of the undo
 * window, end of a backoff), on reconnect, on resume and at start, and re-probes now and
 * then while offline. At most one drain runs at a time; triggers that arrive during one
 * are folded into one more run. The CLI does not use it (it calls sync() once).
 * Owns timers only; sends nothing itself.
 */
import type { Clock } from '../clock';
import type { OutboxLogger, SyncSummary } from './types';

export interface PumpDeps {
  clock: Clock;
  logger: OutboxLogger;
  /** Due times of the entries still waiting to be sent. */
  dueTimes: () => number[];
  isOnline: () => boolean;
  /** Without a probe, an offline pump waits for the OS to say the network is back. */
  hasProbe: boolean;
  offlineProbeMs: number;
  /** Another process draining: look again after this long. */
  busyRetryMs: number;
  /** One drain that sends what is due now and returns. */
  drainOnce: () => Promise<SyncSummary>;
}

export interface Pump {
  /** Something changed (enqueue, cancel, offline): re-arm the timer. */
  schedule(): void;
  /** Drain now (start, reconnect, resume). */
  kick(): void;
  stop(): void;
}

export function createPump(deps: PumpDeps): Pump {
  let timer: AbortController | null = null;
  let running = false;
  let again = false;
  let stopped = false;

  const arm = (delay: number) => {
    timer?.abort();
    if (stopped) return;
    const t = new AbortController();
    timer = t;
    deps.clock.sleep(delay, t.signal).then(
      () => kick(),
      () => undefined, // re-armed or stopped
    );
  };

  const schedule = () => {
    if (stopped) return;
    timer?.abort();
    const due = deps.dueTimes();
    if (due.length === 0) return;
    if (!deps.isOnline()) {
      if (deps.hasProbe) arm(deps.offlineProbeMs);
      return;
    }
    arm(Math.max(0, Math.min(...due) - deps.clock.now()));
  };

  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = true;
    void (async () => {
      let busy = false;
      try {
        busy = !(await deps.drainOnce()).drained;
      } catch (err) {
        deps.logger.warn('outbox drain failed', { error: err instanceof Error ? err.message : 'unknown' });
        busy = true;
      } finally {
        running = false;
      }
      if (again) {
        again = false;
        kick();
      } else if (busy) {
        arm(deps.busyRetryMs);
      } else {
        schedule();
      }
    })();
  };

  return {
    schedule,
    kick,
    stop() {
      stopped = true;
      timer?.abort();
    },
  };
}
