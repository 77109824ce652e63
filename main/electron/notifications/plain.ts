/**
 * The last-resort Notifier: Electron's Notification with no buttons, for a Linux desktop
 * without a reachable notification server over D-Bus. A click opens the request; deciding
 * happens in the window or the tray. Decides nothing.
 */
import { Notification } from 'electron';
import type { ActionListener, NotificationHandle, NotificationSpec, Notifier } from '../../core/notify/notifier';

export function createPlainNotifier(): Notifier {
  const live = new Map<string, Notification>();
  const listeners = new Set<ActionListener>();
  return {
    capabilities: { actions: false, reply: false },
    show(spec: NotificationSpec): NotificationHandle {
      live.get(spec.id)?.close();
      const n = new Notification({ title: spec.title, body: spec.body, silent: !spec.sticky, ...(spec.sticky ? { timeoutType: 'never' as const } : {}) });
      const shown = new Promise<boolean>((resolve) => {
        n.once('show', () => resolve(true));
        n.once('failed', () => resolve(false));
      });
      n.on('click', () => {
        for (const listener of [...listeners]) listener(spec.id, 'open');
      });
      n.on('close', () => {
        if (live.get(spec.id) === n) live.delete(spec.id);
      });
      live.set(spec.id, n);
      n.show();
      return { id: spec.id, shown };
    },
    withdraw(id) {
      const n = live.get(id);
      live.delete(id);
      n?.close();
    },
    onAction(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      listeners.clear();
      live.clear();
    },
  };
}
