/**
 * What every Electron-Notification-based Notifier shares (macOS, Windows, the plain
 * fallback): one live notification per id (a new one replaces it), "shown" as a promise,
 * withdraw, listeners, dispose. Each platform file says only how to build a notification
 * and which of its events mean what. Holds live notifications so their events stay wired.
 */
import type { Notification } from 'electron';
import type { ActionListener, NotificationAction, NotifierCapabilities, NotificationHandle, NotificationSpec, Notifier } from '../../core/notify/notifier';

export type Emit = (id: string, action: NotificationAction, reply?: string) => void;

export interface ElectronNotifierParts {
  capabilities: NotifierCapabilities;
  build(spec: NotificationSpec): Notification;
  /** Wires the platform's click/action/reply events of one notification to `emit`. */
  wire?(n: Notification, spec: NotificationSpec, emit: Emit): void;
  /**
   * Keep the object after its `close` event, until withdrawn or replaced. Windows: `close`
   * also fires when the banner times out into Action Center, and only `close()` on that same
   * object removes it from there (electron/electron docs/api/notification.md, Event:
   * 'close' and `notification.close()`); a decided request's toast must not stay behind.
   */
  keepUntilWithdrawn?: boolean;
  /** The OS refused to show a notification (Electron's `failed` event, with its error text). */
  onFailed?(error: string): unknown;
}

export function createElectronNotifier(parts: ElectronNotifierParts): Notifier & { emit: Emit } {
  const live = new Map<string, Notification>();
  const listeners = new Set<ActionListener>();
  const emit: Emit = (id, action, reply) => {
    for (const listener of [...listeners]) listener(id, action, reply);
  };
  return {
    capabilities: parts.capabilities,
    emit,
    show(spec: NotificationSpec): NotificationHandle {
      live.get(spec.id)?.close();
      const n = parts.build(spec);
      const shown = new Promise<boolean>((resolve) => {
        n.once('show', () => resolve(true));
        n.once('failed', (_event: unknown, error: unknown) => {
          resolve(false);
          parts.onFailed?.(String(error));
        });
      });
      parts.wire?.(n, spec, emit);
      n.on('close', () => {
        if (!parts.keepUntilWithdrawn && live.get(spec.id) === n) live.delete(spec.id);
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
      // Delivered notifications stay in the OS's centre; their clicks reopen the app.
      live.clear();
    },
  };
}
