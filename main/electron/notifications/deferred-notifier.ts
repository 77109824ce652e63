/**
 * A Notifier available at once whose OS surface arrives later: start-up does not wait for
 * the session bus (Linux's D-Bus connection can take up to DBUS_CONNECT_TIMEOUT_MS), so the
 * core starts polling first. What is shown or withdrawn meanwhile is handed over, in order,
 * once the real notifier is there; listeners attach to it then.
 */
import type { NotificationHandle, Notifier, NotifierCapabilities } from '../../core/notify/notifier';

export function deferredNotifier(ready: Promise<Notifier>): Notifier {
  let real: Notifier | null = null;
  let failed = false;
  const pending: Array<(n: Notifier | null) => void> = [];
  const settled = ready.then(
    (n) => {
      real = n;
      for (const op of pending.splice(0)) op(n);
      return n;
    },
    () => {
      failed = true;
      for (const op of pending.splice(0)) op(null);
      return null;
    },
  );
  const whenReady = (op: (n: Notifier | null) => void) => {
    if (real || failed) op(real);
    else pending.push(op);
  };
  return {
    get capabilities(): NotifierCapabilities {
      return real?.capabilities ?? { actions: false, reply: false };
    },
    show(spec): NotificationHandle {
      if (real) return real.show(spec);
      const shown = new Promise<boolean>((resolve) => whenReady((n) => (n ? void n.show(spec).shown.then(resolve) : resolve(false))));
      return { id: spec.id, shown };
    },
    withdraw(id) {
      whenReady((n) => n?.withdraw(id));
    },
    onAction(listener) {
      let off: (() => void) | null = null;
      let cancelled = false;
      whenReady((n) => {
        if (n && !cancelled) off = n.onAction(listener);
      });
      return () => {
        cancelled = true;
        off?.();
      };
    },
    async dispose() {
      await (await settled)?.dispose();
    },
  };
}
