/**
 * An in-memory Notifier: keeps what is "on screen" and lets a caller press its buttons.
 * For tests, the browser preview and headless runs where no OS surface exists. Holds no
 * policy; stores titles and bodies only (bodies never contain a justification we typed).
 */
import type { ActionListener, NotificationAction, NotificationSpec, Notifier, NotifierCapabilities } from '../core/notify/notifier';

export interface MemoryNotifier extends Notifier {
  /** Shown and not withdrawn, in order of showing. */
  visible(): NotificationSpec[];
  /** Every show, including replaced and withdrawn ones. */
  history(): NotificationSpec[];
  /** Acts as the user would; false when that notification is not visible. */
  press(id: string, action: NotificationAction, reply?: string): boolean;
}

export function createMemoryNotifier(capabilities: NotifierCapabilities = { actions: true, reply: true }): MemoryNotifier {
  const onScreen = new Map<string, NotificationSpec>();
  const shownLog: NotificationSpec[] = [];
  const listeners = new Set<ActionListener>();
  return {
    capabilities,
    show(spec) {
      onScreen.delete(spec.id); // a replacement moves to the end, as OS surfaces do
      onScreen.set(spec.id, spec);
      shownLog.push(spec);
      return { id: spec.id, shown: Promise.resolve(true) };
    },
    withdraw(id) {
      onScreen.delete(id);
    },
    onAction(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async dispose() {
      listeners.clear();
      onScreen.clear();
    },
    visible: () => [...onScreen.values()],
    history: () => [...shownLog],
    press(id, action, reply) {
      if (!onScreen.has(id)) return false;
      for (const listener of [...listeners]) listener(id, action, reply);
      return true;
    },
  };
}
