/**
 * A fake `org.freedesktop.Notifications` server for tests: exported on a (private) bus with
 * dbus-next, it records every Notify and CloseNotification and can emit ActionInvoked and
 * NotificationClosed as a desktop would. Test support only; never used by the app.
 */
import { interface as dbusInterface, sessionBus, type MessageBus } from 'dbus-next';
import { NOTIFICATIONS_NAME, NOTIFICATIONS_PATH, type NotifyCall } from '../../main/electron/notifications/dbus-notifications';

/** A Notify call as the server received it: the client's call, its id, hints unwrapped. */
export interface RecordedNotify extends Omit<NotifyCall, 'hints'> {
  id: number;
  hints: Record<string, unknown>;
}

class NotificationsServer extends dbusInterface.Interface {
  nextId = 1;
  notifies: RecordedNotify[] = [];
  closed: number[] = [];
  onNotify: ((n: RecordedNotify) => void) | null = null;

  constructor(private readonly caps: string[]) {
    super(NOTIFICATIONS_NAME);
  }

  Notify(appName: string, replacesId: number, appIcon: string, summary: string, body: string, actions: string[], hints: Record<string, { value: unknown }>, expireTimeout: number): number {
    const id = replacesId > 0 ? replacesId : this.nextId++;
    const flatHints = Object.fromEntries(Object.entries(hints).map(([k, v]) => [k, v.value]));
    const record = { id, appName, replacesId, appIcon, summary, body, actions, hints: flatHints, expireTimeout };
    this.notifies.push(record);
    this.onNotify?.(record);
    return id;
  }

  GetCapabilities(): string[] {
    return this.caps;
  }

  CloseNotification(id: number): void {
    this.closed.push(id);
    this.NotificationClosed(id, 3); // 3 = closed by a CloseNotification call
  }

  GetServerInformation(): string[] {
    return ['fake-notifications', 'pim-approvals tests', '1.0', '1.2'];
  }

  // Signals: dbus-next sends what these return as the signal body.
  ActionInvoked(id: number, actionKey: string): [number, string] {
    return [id, actionKey];
  }

  NotificationClosed(id: number, reason: number): [number, number] {
    return [id, reason];
  }
}

NotificationsServer.configureMembers({
  methods: {
    Notify: { inSignature: 'susssasa{sv}i', outSignature: 'u' },
    GetCapabilities: { outSignature: 'as' },
    CloseNotification: { inSignature: 'u' },
    GetServerInformation: { outSignature: 'ssss' },
  },
  signals: {
    ActionInvoked: { signature: 'us' },
    NotificationClosed: { signature: 'uu' },
  },
});

export interface FakeNotificationServer {
  notifies(): RecordedNotify[];
  closed(): number[];
  /** Resolves with the next Notify (or the n-th overall when already there). */
  nextNotify(count?: number): Promise<RecordedNotify>;
  invokeAction(id: number, actionKey: string): void;
  closeByUser(id: number): void;
  stop(): Promise<void>;
}

export async function startFakeNotificationServer(busAddress: string, capabilities: string[]): Promise<FakeNotificationServer> {
  const bus: MessageBus = sessionBus({ busAddress });
  const server = new NotificationsServer(capabilities);
  bus.export(NOTIFICATIONS_PATH, server);
  await bus.requestName(NOTIFICATIONS_NAME, 0);
  const waiters: Array<{ count: number; resolve: (n: RecordedNotify) => void }> = [];
  server.onNotify = () => {
    // Tell waiters only after the method reply is on the wire: a desktop never signals about
    // a notification before its Notify has answered, and the client relies on that order.
    setTimeout(settle, 0);
  };
  const settle = () => {
    for (const w of [...waiters]) {
      const hit = server.notifies[w.count - 1];
      if (hit) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(hit);
      }
    }
  };
  return {
    notifies: () => [...server.notifies],
    closed: () => [...server.closed],
    nextNotify(count = server.notifies.length + 1) {
      const hit = server.notifies[count - 1];
      if (hit) return Promise.resolve(hit);
      return new Promise((resolve) => waiters.push({ count, resolve }));
    },
    invokeAction: (id, key) => void server.ActionInvoked(id, key),
    closeByUser: (id) => void server.NotificationClosed(id, 2),
    async stop() {
      await bus.releaseName(NOTIFICATIONS_NAME).catch(() => undefined);
      bus.disconnect();
    },
  };
}
