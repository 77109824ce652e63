import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

const power = new EventEmitter();
let online = true;
vi.mock('electron', () => ({
  powerMonitor: power,
  net: { isOnline: () => online },
}));

const { watchOsEvents } = await import('./os-events');

describe('watchOsEvents', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('pauses on sleep and polls at once on wake', () => {
    const calls: string[] = [];
    const stop = watchOsEvents({ setPaused: (r) => calls.push(`pause:${r}`), trigger: (r) => calls.push(`trigger:${r}`) });
    power.emit('suspend');
    power.emit('resume');
    expect(calls).toEqual(['pause:asleep', 'pause:null', 'trigger:resume']);
    stop();
    power.emit('suspend');
    expect(calls).toHaveLength(3);
  });

  it('pauses when the network goes and polls when it returns', () => {
    const calls: string[] = [];
    const stop = watchOsEvents({ setPaused: (r) => calls.push(`pause:${r}`), trigger: (r) => calls.push(`trigger:${r}`) });
    online = false;
    vi.advanceTimersByTime(15_000);
    online = true;
    vi.advanceTimersByTime(15_000);
    vi.advanceTimersByTime(15_000);
    expect(calls).toEqual(['pause:offline', 'pause:null', 'trigger:reconnect']);
    stop();
  });
});
