/**
 * The Linux Notifier: talks to `org.freedesktop.Notifications` over D-Bus, because
 * Electron ignores notification actions on Linux. Approve/Deny/Open go out as actions when
 * the server has the `actions` capability, otherwise a plain notification (the tray and
 * window remain the way to decide). Reports only clicks on our own notifications
 * (ActionInvoked is broadcast to every client). No electron import, so it is tested here
 * against a fake server on a private bus.
 */
import { APP_NAME } from '../../core/app-id';
import type { ActionListener, NotificationAction, NotificationHandle, NotificationSpec, Notifier } from '../../core/notify/notifier';
import { connectNotifications, type NotificationsConnection, type NotifyCall } from './dbus-notifications';

export interface LinuxNotifierOptions {
  /** A bus other than the user's session bus (tests). */
  busAddress?: string;
  appName?: string;
  /** Icon name or absolute path. */
  appIcon?: string;
  /** Basename of the app's .desktop file, so the server groups and themes our notifications. */
  desktopEntry?: string;
  /** Gives up connecting (and closes the socket): a session bus that never answers. */
  signal?: AbortSignal;
}

/** The action keys on the wire; "default" is the spec's name for a click on the body. */
const wireAction: Record<string, NotificationAction> = { approve: 'approve', deny: 'deny', default: 'open' };

/** Connects and asks the server what it can do; throws when no notification server is reachable. */
export async function createLinuxDbusNotifier(options: LinuxNotifierOptions = {}): Promise<Notifier> {
  const connection: NotificationsConnection = await connectNotifications({
    ...(options.busAddress ? { busAddress: options.busAddress } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
  });
  const { proxy } = connection;
  let caps: string[];
  try {
    caps = await untilAborted(proxy.getCapabilities(), options.signal);
  } catch (err) {
    connection.disconnect();
    throw err;
  }
  const hasActions = caps.includes('actions');
  const hasMarkup = caps.includes('body-markup');

  const serverIdOf = new Map<string, Promise<number | null>>(); // our key → the server's id (once Notify answered)
  const keyOf = new Map<number, string>(); // server id → our key
  const listeners = new Set<ActionListener>();

  const inFlight = new Set<Promise<unknown>>(); // Notify calls not answered yet

  /**
   * The key for a server id. A signal can be parsed from the same socket read as the Notify
   * reply, before our promise chain has stored the id: then wait for open Notify calls once.
   */
  async function keyFor(serverId: number): Promise<string | undefined> {
    const known = keyOf.get(serverId);
    if (known !== undefined || inFlight.size === 0) return known;
    await Promise.allSettled([...inFlight]);
    return keyOf.get(serverId);
  }

  const stopActions = proxy.onActionInvoked((serverId, actionKey) => {
    const action = Object.hasOwn(wireAction, actionKey) ? wireAction[actionKey] : undefined;
    if (action === undefined) return; // a key we never sent
    void keyFor(serverId).then((key) => {
      if (key === undefined) return; // another app's notification
      for (const listener of [...listeners]) listener(key, action);
    });
  });
  const stopClosed = proxy.onNotificationClosed((serverId) => {
    void keyFor(serverId).then((key) => {
      if (key === undefined || keyOf.get(serverId) !== key) return;
      keyOf.delete(serverId);
      serverIdOf.delete(key);
    });
  });

  function callFor(spec: NotificationSpec, replacesId: number): NotifyCall {
    const wantsClick = spec.sticky || spec.actions.length > 0;
    const actions = !hasActions
      ? []
      : [...spec.actions.flatMap((a) => (a === 'approve' ? ['approve', 'Approve'] : ['deny', 'Deny'])), ...(wantsClick ? ['default', 'Open'] : [])];
    return {
      appName: options.appName ?? APP_NAME,
      replacesId,
      appIcon: options.appIcon ?? '',
      summary: spec.title,
      body: hasMarkup ? escapeMarkup(spec.body) : spec.body,
      actions,
      hints: { urgency: 1, resident: false, ...(options.desktopEntry ? { 'desktop-entry': options.desktopEntry } : {}) },
      // Requests stay until acted on or withdrawn; confirmations follow the server's default.
      expireTimeout: spec.sticky ? 0 : -1,
    };
  }

  return {
    capabilities: { actions: hasActions, reply: false },
    show(spec): NotificationHandle {
      const previous = serverIdOf.get(spec.id) ?? Promise.resolve(null);
      // Chained per key, so a replacement reuses the id the server gave the one before it.
      const next = previous.then(async (replacesId) => {
        try {
          const serverId = await proxy.notify(callFor(spec, replacesId ?? 0));
          if (replacesId !== null && replacesId !== serverId) keyOf.delete(replacesId);
          keyOf.set(serverId, spec.id);
          return serverId;
        } catch {
          return null; // the server refused; nothing on screen to track
        }
      });
      serverIdOf.set(spec.id, next);
      inFlight.add(next);
      void next.then(() => inFlight.delete(next));
      return { id: spec.id, shown: next.then((id) => id !== null) };
    },
    withdraw(id) {
      const pending = serverIdOf.get(id);
      if (!pending) return;
      serverIdOf.delete(id);
      void pending.then(async (serverId) => {
        if (serverId === null) return;
        keyOf.delete(serverId);
        await proxy.closeNotification(serverId).catch(() => undefined); // already gone is fine
      });
    },
    onAction(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    /**
     * At quit: closes every notification of ours still on screen. Nobody would hear their
     * buttons once we are gone (a D-Bus action goes to the connection that sent the
     * notification), so leaving them would leave dead buttons.
     */
    async dispose() {
      stopActions();
      stopClosed();
      listeners.clear();
      const ids = await Promise.all([...serverIdOf.values()]);
      serverIdOf.clear();
      keyOf.clear();
      await Promise.allSettled(ids.filter((id): id is number => id !== null).map((id) => proxy.closeNotification(id)));
      connection.disconnect();
    },
  };
}

/** `work`, or the signal's reason once it aborts (the call itself cannot be cancelled). */
function untilAborted<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  signal.throwIfAborted();
  return Promise.race([
    work,
    new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason instanceof Error ? signal.reason : new Error('aborted')), { once: true })),
  ]);
}

/** The spec's body markup is a small HTML subset: names like "<b>Eve</b>" must show as typed. */
export function escapeMarkup(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}
