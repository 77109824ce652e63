/**
 * The last-resort Notifier: Electron's Notification with no buttons, for a Linux desktop
 * without a reachable notification server over D-Bus. A click opens the request; deciding
 * happens in the window or the tray. Decides nothing.
 */
import { Notification } from 'electron';
import type { Notifier } from '../../core/notify/notifier';
import { createElectronNotifier } from './electron-notifier';

export function createPlainNotifier(): Notifier {
  return createElectronNotifier({
    capabilities: { actions: false, reply: false },
    build: (spec) => new Notification({ title: spec.title, body: spec.body, silent: !spec.sticky, ...(spec.sticky ? { timeoutType: 'never' as const } : {}) }),
    wire: (n, spec, emit) => n.on('click', () => emit(spec.id, 'open')),
  });
}
