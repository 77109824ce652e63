/**
 * Connects a notification surface to the AppCore, the same way in the app and the preview:
 * notifications follow the queue as the window sees it (an item decided in the window is
 * withdrawn at once), clicks decide through the window's own handler, and the outbox's
 * entries drive the follow-ups (a failure raises one notification, a decision made from a
 * notification is confirmed once Azure answered). Owns the subscription only.
 */
import { namesTenants } from '../model/item-labels';
import type { AppCore, FocusRequest } from '../app/app-core';
import { createNotificationCenter, type NotificationCenter } from './center';
import type { Notifier } from './notifier';
import { changeBetween } from './plan';
import type { NotifyPrefs } from './prefs';

export interface ConnectedCenter {
  center: NotificationCenter;
  dispose(): void;
}

export interface ConnectOptions {
  prefs: () => NotifyPrefs;
  now: () => number;
  /** Bring the window forward; the request to show goes to the core's focusItem. */
  showWindow: () => void;
}

export function connectNotificationCenter(core: Pick<AppCore, 'state' | 'onState' | 'decide' | 'focusItem'>, notifier: Notifier, options: ConnectOptions): ConnectedCenter {
  const center = createNotificationCenter({
    notifier,
    prefs: options.prefs,
    now: options.now,
    nameTenants: () => namesTenants(core.state().accounts),
    findItem: (id) => core.state().queue.find((i) => i.id === id) ?? null,
    decide: async (itemId, result, justification) =>
      (await core.decide([itemId], result, justification))[0] ?? { itemId, outcome: 'failed', message: 'No outcome' },
    openWindow: (request) => {
      options.showWindow();
      const focus: FocusRequest = { itemId: request.itemId, decision: request.decision, ...(request.justification ? { justification: request.justification } : {}) };
      core.focusItem(focus);
    },
  });
  let lastQueue = core.state().queue;
  center.follow(core.state().decisions ?? []);
  center.remind(lastQueue);
  const off = core.onState((s) => {
    center.update(changeBetween(lastQueue, s.queue));
    lastQueue = s.queue;
    // Every state (each check) looks again at time left: a reminder goes out at most a check late.
    center.remind(s.queue);
    center.follow(s.decisions ?? []);
  });
  return {
    center,
    dispose() {
      off();
      center.dispose();
    },
  };
}
