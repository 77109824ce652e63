import { describe, expect, it } from 'vitest';
import { VirtualClock } from '../clock';
import { createPump, type PumpDeps } from './pump';
import type { SyncSummary } from './types';

const summary = (drained = true): SyncSummary => ({ done: [], conflict: [], expired: [], failed: [], pending: [], offline: false, needsSignIn: [], throttled: 0, drained, unsaved: [], journalError: null });
const quiet = { info: () => undefined, warn: () => undefined };

function setup(over: Partial<PumpDeps> = {}) {
  const clock = new VirtualClock(0);
  const runs: number[] = [];
  let due: number[] = [];
  let online = true;
  const pump = createPump({
    clock,
    logger: quiet,
    dueTimes: () => due,
    isOnline: () => online,
    hasProbe: false,
    offlineProbeMs: 30_000,
    busyRetryMs: 5_000,
    drainOnce: async () => {
      runs.push(clock.now());
      due = due.filter((t) => t > clock.now());
      return summary();
    },
    ...over,
  });
  return { clock, runs, pump, setDue: (d: number[]) => (due = d), setOnline: (o: boolean) => (online = o) };
}

describe('background pump', () => {
  it('drains when the earliest decision becomes due (end of the undo window)', async () => {
    const { clock, runs, pump, setDue } = setup();
    setDue([5_000, 9_000]);
    pump.schedule();
    await clock.advance(4_999);
    expect(runs).toEqual([]);
    await clock.advance(1);
    expect(runs).toEqual([5_000]);
    await clock.advance(4_000);
    expect(runs).toEqual([5_000, 9_000]); // re-armed for the next one after each drain
  });

  it('a kick drains at once (start, reconnect, resume); kicks during a drain fold into one more', async () => {
    let release: () => void = () => undefined;
    const { clock, runs, pump } = setup({
      drainOnce: () => {
        runs.push(clock.now());
        return new Promise<SyncSummary>((r) => (release = () => r(summary())));
      },
    });
    pump.kick();
    pump.kick();
    pump.kick();
    await clock.advance(0);
    expect(runs).toHaveLength(1);
    release();
    await clock.advance(0);
    expect(runs).toHaveLength(2);
    release();
    await clock.advance(0);
    expect(runs).toHaveLength(2);
  });

  it('offline without a probe: waits for the OS; with a probe: tries again later', async () => {
    const a = setup();
    a.setDue([0]);
    a.setOnline(false);
    a.pump.schedule();
    await a.clock.advance(60_000);
    expect(a.runs).toEqual([]);
    const b = setup({ hasProbe: true });
    b.setDue([0]);
    b.setOnline(false);
    b.pump.schedule();
    await b.clock.advance(30_000);
    expect(b.runs).toEqual([30_000]);
  });

  it('another process draining: looks again after a while', async () => {
    const { clock, runs, pump } = setup({ drainOnce: async () => (runs.push(clock.now()), summary(false)) });
    pump.kick();
    await clock.advance(0); // the first drain finishes and arms the retry
    await clock.advance(5_000);
    expect(runs).toEqual([0, 5_000]);
    pump.stop();
    await clock.advance(20_000);
    expect(runs).toEqual([0, 5_000]);
  });

  it('a failing drain is logged and retried, never thrown', async () => {
    const warnings: string[] = [];
    const { clock, runs, pump } = setup({
      logger: { info: () => undefined, warn: (m) => void warnings.push(m) },
      drainOnce: async () => {
        runs.push(clock.now());
        throw new Error('disk full');
      },
    });
    pump.kick();
    await clock.advance(0);
    await clock.advance(5_000);
    expect(runs).toEqual([0, 5_000]);
    expect(warnings[0]).toBe('outbox drain failed');
    pump.stop();
  });
});
