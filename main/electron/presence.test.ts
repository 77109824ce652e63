import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { PresenceInput } from '../core/poller/schedule';

/** A powerMonitor as electron/electron docs/api/power-monitor.md describes it (Electron 45). */
class FakePowerMonitor extends EventEmitter {
  idle: 'active' | 'idle' | 'locked' | 'unknown' = 'active';
  battery = false;
  thresholds: unknown[] = [];
  getSystemIdleState(idleThreshold: number) {
    this.thresholds.push(idleThreshold);
    // electron_api_power_monitor.cc: a threshold of 0 or less throws a TypeError.
    if (!(idleThreshold > 0)) throw new TypeError('Invalid idle threshold, must be greater than 0');
    return this.idle;
  }
  isOnBatteryPower() {
    return this.battery;
  }
}

const power = new FakePowerMonitor();
vi.mock('electron', () => ({ powerMonitor: power }));

const { watchPresence, PRESENCE_SAMPLE_MS, IDLE_THRESHOLD_SECONDS } = await import('./presence');

function watch() {
  const told: PresenceInput[] = [];
  const stop = watchPresence({ setPresence: (input) => told.push(input) });
  return { told, stop, last: () => told.at(-1) };
}

describe('watchPresence', () => {
  beforeEach(() => {
    vi.useFakeTimers();
    power.idle = 'active';
    power.battery = false;
    power.thresholds = [];
  });
  afterEach(() => vi.useRealTimers());

  it('says at once whether the user is here, asking the OS with a whole-second threshold above 0', () => {
    power.battery = true;
    const { told, stop } = watch();
    expect(told).toEqual([{ presence: 'active', powerSaver: true }]);
    expect(power.thresholds).toEqual([IDLE_THRESHOLD_SECONDS]);
    expect(Number.isInteger(IDLE_THRESHOLD_SECONDS) && IDLE_THRESHOLD_SECONDS > 0).toBe(true);
    stop();
  });

  it('samples the idle state and tells the core only about changes', () => {
    const { told, stop } = watch();
    vi.advanceTimersByTime(PRESENCE_SAMPLE_MS * 3);
    expect(told).toHaveLength(1);
    power.idle = 'idle';
    vi.advanceTimersByTime(PRESENCE_SAMPLE_MS);
    power.idle = 'locked'; // Linux: no lock events, the sample says it
    vi.advanceTimersByTime(PRESENCE_SAMPLE_MS);
    power.idle = 'active';
    vi.advanceTimersByTime(PRESENCE_SAMPLE_MS);
    expect(told.map((t) => t.presence)).toEqual(['active', 'idle', 'locked', 'active']);
    stop();
  });

  it('follows lock-screen and unlock-screen at once, whatever the last sample said', () => {
    const { told, stop, last } = watch();
    power.emit('lock-screen');
    expect(last()).toEqual({ presence: 'locked', powerSaver: false });
    vi.advanceTimersByTime(PRESENCE_SAMPLE_MS); // the sample still reads active: the lock holds
    expect(told).toHaveLength(2);
    power.emit('unlock-screen');
    expect(told.map((t) => t.presence)).toEqual(['active', 'locked', 'active']);
    stop();
  });

  it('takes battery as power saving, mains power as not', () => {
    const { told, stop } = watch();
    power.emit('on-battery');
    power.emit('on-ac');
    expect(told.map((t) => t.powerSaver)).toEqual([false, true, false]);
    stop();
  });

  it('treats an idle state the OS cannot tell as present', () => {
    power.idle = 'unknown';
    const { last, stop } = watch();
    expect(last()).toEqual({ presence: 'active', powerSaver: false });
    stop();
  });

  it('stops listening and sampling when disposed', () => {
    const { told, stop } = watch();
    stop();
    expect(['lock-screen', 'unlock-screen', 'on-battery', 'on-ac'].map((e) => power.listenerCount(e))).toEqual([0, 0, 0, 0]);
    power.idle = 'idle';
    vi.advanceTimersByTime(PRESENCE_SAMPLE_MS * 2);
    expect(vi.getTimerCount()).toBe(0);
    expect(told).toHaveLength(1);
  });
});
