/**
 * OS events the core must hear: sleep and wake (powerMonitor), network loss and return
 * (net.online, checked on a slow timer since Electron has no main-process event for it).
 * Maps them to the core's pause/trigger; holds no logic of its own.
 */
import { net, powerMonitor } from 'electron';
import type { AppCore } from '../core/app/app-core';

const NETWORK_CHECK_MS = 15_000;

export function watchOsEvents(core: Pick<AppCore, 'setPaused' | 'trigger'>): () => void {
  const onSuspend = () => core.setPaused('asleep');
  const onResume = () => {
    core.setPaused(null);
    core.trigger('resume');
  };
  powerMonitor.on('suspend', onSuspend);
  powerMonitor.on('resume', onResume);

  let online = net.isOnline();
  const timer = setInterval(() => {
    const now = net.isOnline();
    if (now === online) return;
    online = now;
    if (now) {
      core.setPaused(null);
      core.trigger('reconnect');
    } else {
      core.setPaused('offline');
    }
  }, NETWORK_CHECK_MS);
  return () => {
    clearInterval(timer);
    powerMonitor.off('suspend', onSuspend);
    powerMonitor.off('resume', onResume);
  };
}
