/**
 * The one typed door to dbus-next for `org.freedesktop.Notifications` (Desktop
 * Notifications Specification 1.2). dbus-next's typings are loose (methods are
 * `Function`, bodies `any`); this module checks what comes back and exposes plain typed
 * calls and signals. Knows nothing about PIM; never logs notification text.
 */
import { sessionBus, Variant, type ClientInterface, type MessageBus } from 'dbus-next';

export const NOTIFICATIONS_NAME = 'org.freedesktop.Notifications';
export const NOTIFICATIONS_PATH = '/org/freedesktop/Notifications';

/** Hint values we send; each maps to the spec's D-Bus type below. */
export interface NotifyHints {
  urgency?: 0 | 1 | 2;
  category?: string;
  'desktop-entry'?: string;
  resident?: boolean;
}

export interface NotifyCall {
  appName: string;
  replacesId: number;
  appIcon: string;
  summary: string;
  body: string;
  /** Flat pairs: key, label, key, label, … ("default" is the click on the body). */
  actions: string[];
  hints: NotifyHints;
  /** ms; -1 server default, 0 never expires. */
  expireTimeout: number;
}

export interface NotificationsProxy {
  getCapabilities(): Promise<string[]>;
  notify(call: NotifyCall): Promise<number>;
  closeNotification(id: number): Promise<void>;
  onActionInvoked(listener: (id: number, actionKey: string) => void): () => void;
  onNotificationClosed(listener: (id: number, reason: number) => void): () => void;
}

export interface NotificationsConnection {
  proxy: NotificationsProxy;
  disconnect(): void;
}

/**
 * Connects to the session bus (or `busAddress`) and binds the notification server's interface.
 * dbus-next has no timeout of its own: a bus that accepts the socket and never answers would
 * hold this forever, so `signal` aborts it and closes the socket.
 */
export async function connectNotifications(options: { busAddress?: string; signal?: AbortSignal } = {}): Promise<NotificationsConnection> {
  const bus: MessageBus = sessionBus(options.busAddress ? { busAddress: options.busAddress } : {});
  // An unreachable bus surfaces as an 'error' event; without a listener it would crash the process.
  const failed = new Promise<never>((_, reject) => {
    bus.once('error', (err: unknown) => reject(err instanceof Error ? err : new Error(String(err))));
    const { signal } = options;
    if (signal?.aborted) reject(abortReason(signal));
    signal?.addEventListener('abort', () => reject(abortReason(signal)), { once: true });
  });
  bus.on('error', () => undefined);
  try {
    const object = await Promise.race([bus.getProxyObject(NOTIFICATIONS_NAME, NOTIFICATIONS_PATH), failed]);
    return { proxy: bindProxy(object.getInterface(NOTIFICATIONS_NAME)), disconnect: () => bus.disconnect() };
  } catch (err) {
    bus.disconnect();
    throw err;
  }
}

const abortReason = (signal: AbortSignal): Error => (signal.reason instanceof Error ? signal.reason : new Error('D-Bus connection aborted'));

function hintVariants(hints: NotifyHints): Record<string, Variant> {
  const out: Record<string, Variant> = {};
  if (hints.urgency !== undefined) out.urgency = new Variant('y', hints.urgency);
  if (hints.category !== undefined) out.category = new Variant('s', hints.category);
  if (hints['desktop-entry'] !== undefined) out['desktop-entry'] = new Variant('s', hints['desktop-entry']);
  if (hints.resident !== undefined) out.resident = new Variant('b', hints.resident);
  return out;
}

function bindProxy(iface: ClientInterface): NotificationsProxy {
  // ClientInterface members are untyped `Function`s; call them through one checked helper.
  const call = async (member: string, ...args: unknown[]): Promise<unknown> => {
    const fn = iface[member];
    if (typeof fn !== 'function') throw new Error(`${NOTIFICATIONS_NAME} has no ${member}`);
    return (fn as (...a: unknown[]) => Promise<unknown>).apply(iface, args);
  };
  const on = <A extends unknown[]>(signal: string, check: (args: unknown[]) => A | null, listener: (...args: A) => void) => {
    const handler = (...args: unknown[]) => {
      const typed = check(args);
      if (typed) listener(...typed);
    };
    iface.on(signal, handler);
    return () => void iface.off(signal, handler);
  };
  return {
    async getCapabilities() {
      const caps = await call('GetCapabilities');
      return Array.isArray(caps) ? caps.filter((c): c is string => typeof c === 'string') : [];
    },
    async notify(c) {
      const id = await call('Notify', c.appName, c.replacesId >>> 0, c.appIcon, c.summary, c.body, c.actions, hintVariants(c.hints), c.expireTimeout | 0);
      if (typeof id !== 'number') throw new Error('Notify returned no id');
      return id;
    },
    async closeNotification(id) {
      await call('CloseNotification', id >>> 0);
    },
    onActionInvoked: (listener) =>
      on('ActionInvoked', (a) => (typeof a[0] === 'number' && typeof a[1] === 'string' ? [a[0], a[1]] as [number, string] : null), listener),
    onNotificationClosed: (listener) =>
      on('NotificationClosed', (a) => (typeof a[0] === 'number' && typeof a[1] === 'number' ? [a[0], a[1]] as [number, number] : null), listener),
  };
}
