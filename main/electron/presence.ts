/**
 * Whether the user is at the machine, from Electron's powerMonitor, fed to the core as an
 * input (it decides how often to check; see main/core/poller/schedule.ts). Holds no rule of
 * its own beyond turning the OS's words into { presence, powerSaver }.
 *
 * What Electron 45 offers (electron/electron docs/api/power-monitor.md,
 * shell/browser/api/electron_api_power_monitor.cc):
 * - getSystemIdleState(idleThreshold) → 'active' | 'idle' | 'locked' | 'unknown'; the
 *   threshold is in seconds and must be > 0 (the native side throws a TypeError otherwise);
 *   'locked' only where the OS can tell. There is no idle *event*, so it is sampled.
 * - 'lock-screen' / 'unlock-screen' (macOS, Windows): said at once rather than at the next sample.
 * - isOnBatteryPower(), 'on-battery' / 'on-ac' (from base::PowerMonitor's battery status).
 *   Electron exposes no battery-saver flag, so running on battery stands for it.
 */
import { powerMonitor } from 'electron';
import type { AppCore } from '../core/app/app-core';
import type { Presence, PresenceInput } from '../core/poller/schedule';

/** No keyboard or mouse for this long counts as away (the usual "Away" of chat apps). */
export const IDLE_THRESHOLD_SECONDS = 300;
/** How often idle state is sampled: coming back is noticed within this, and the call is cheap. */
export const PRESENCE_SAMPLE_MS = 5_000;

export function watchPresence(core: Pick<AppCore, 'setPresence'>): () => void {
  let lockedByEvent = false;
  let powerSaver = powerMonitor.isOnBatteryPower();
  let last: PresenceInput | null = null;

  const read = (): Presence => {
    if (lockedByEvent) return 'locked';
    const state = powerMonitor.getSystemIdleState(IDLE_THRESHOLD_SECONDS);
    // 'unknown' (the OS cannot tell): treat as present, so requests still arrive quickly;
    // the short interval costs a few reads a minute, far inside ARM's per-principal bucket.
    return state === 'unknown' ? 'active' : state;
  };
  const tell = () => {
    const next: PresenceInput = { presence: read(), powerSaver };
    if (last && last.presence === next.presence && last.powerSaver === next.powerSaver) return;
    last = next;
    core.setPresence(next);
  };

  const onLock = () => {
    lockedByEvent = true;
    tell();
  };
  const onUnlock = () => {
    lockedByEvent = false;
    tell();
  };
  const onBattery = () => {
    powerSaver = true;
    tell();
  };
  const onAc = () => {
    powerSaver = false;
    tell();
  };
  powerMonitor.on('lock-screen', onLock);
  powerMonitor.on('unlock-screen', onUnlock);
  powerMonitor.on('on-battery', onBattery);
  powerMonitor.on('on-ac', onAc);
  tell();
  const timer = setInterval(tell, PRESENCE_SAMPLE_MS);
  return () => {
    clearInterval(timer);
    powerMonitor.off('lock-screen', onLock);
    powerMonitor.off('unlock-screen', onUnlock);
    powerMonitor.off('on-battery', onBattery);
    powerMonitor.off('on-ac', onAc);
  };
}
